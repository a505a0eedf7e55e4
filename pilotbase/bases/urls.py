from django.urls import path

from . import views

app_name = "bases"

urlpatterns = [
    path("", views.base_list, name="base_list"),
    path("<int:pk>/", views.base_detail, name="base_detail"),
    path("<int:pk>/revoke/", views.base_revoke, name="base_revoke"),
    path("<int:pk>/support/", views.base_support, name="base_support"),
    path("misconduct/", views.misconduct_list, name="misconduct_list"),
]
