from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("directory/", views.base_directory, name="base_directory"),
    path("directory/<str:filing_number>/", views.base_profile, name="base_profile"),
    path("services/", views.catalogue, name="catalogue"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("investors/", views.investors, name="investors"),
    path("investors/<str:filing_number>/contact/", views.investor_contact, name="investor_contact"),
    path("open-data/", views.open_data, name="open_data"),
    path("demands/new/", views.demand_new, name="demand_new"),
]
