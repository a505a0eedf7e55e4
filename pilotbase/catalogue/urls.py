from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("bases/<int:base_pk>/services/new/", views.service_edit, name="service_new"),
    path("bases/<int:base_pk>/upload/", views.service_upload, name="service_upload"),
    path("bases/<int:base_pk>/profile/", views.profile_edit, name="profile_edit"),
    path("services/<int:pk>/", views.service_edit, name="service_edit"),
    path("services/<int:pk>/publish/", views.service_publish, name="service_publish"),
    path("services/<int:pk>/withdraw/", views.service_withdraw, name="service_withdraw"),
    path("demands/new/", views.demand_new, name="demand_new"),
    path("demands/<int:pk>/", views.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/close/", views.demand_close, name="demand_close"),
    path("demands/<int:pk>/request/", views.engagement_request, name="engagement_request"),
    path("engagements/", views.engagements, name="engagements"),
    path("engagements/<int:pk>/", views.engagement_detail, name="engagement_detail"),
    path("engagements/<int:pk>/move/", views.engagement_move, name="engagement_move"),
    path("engagements/<int:pk>/rating/", views.engagement_rate, name="engagement_rate"),
    path("overview/", views.overview, name="overview"),
    path("synonyms/", views.synonyms, name="synonyms"),
    path("cases/", views.case_manage, name="case_manage"),
    path("cases/new/", views.case_edit, name="case_new"),
    path("cases/<int:pk>/", views.case_edit, name="case_edit"),
]
