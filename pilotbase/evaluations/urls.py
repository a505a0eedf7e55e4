from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/publish/", views.campaign_publish, name="campaign_publish"),
    path("<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("expert-reviews/", views.expert_reviews, name="expert_reviews"),
    path("expert-reviews/<int:pk>/", views.expert_review_page, name="expert_review"),
    path(
        "expert-reviews/<int:pk>/evidence/<int:evidence_pk>/",
        views.expert_evidence_download,
        name="expert_evidence_download",
    ),
    path("<int:pk>/site-visits/<int:visit_pk>/", views.site_visit_minutes, name="site_visit_minutes"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
]
