from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("calls/", views.call_list, name="call_list"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/start/", views.application_start, name="application_start"),
    path("", views.application_list, name="application_list"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/edit/<slug:step>/", views.application_edit, name="application_edit"),
    path("<int:pk>/autosave/<slug:step>/", views.application_autosave, name="application_autosave"),
    path("<int:pk>/materials/", views.material_upload, name="material_upload"),
    path("<int:pk>/versions/", views.application_versions, name="application_versions"),
    path("<int:pk>/checks/", views.review_check, name="review_check"),
    path("<int:pk>/opinion/", views.record_opinion, name="record_opinion"),
    path("<int:pk>/site-visit/", views.site_visit, name="site_visit"),
    path("<int:pk>/do/<slug:action>/", views.application_action, name="application_action"),
    path("materials/<int:pk>/download/", views.material_download, name="material_download"),
    path("materials/<int:pk>/remove/", views.material_remove, name="material_remove"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/publish/", views.batch_publish, name="batch_publish"),
    path("batches/<int:pk>/file/", views.batch_file, name="batch_file"),
    path("bench/bare/", views.bench_bare, name="bench_bare"),
]
