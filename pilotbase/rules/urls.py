from django.urls import path

from . import views

app_name = "rules"

urlpatterns = [
    path("", views.self_check, name="self_check"),
    path("chains/", views.chains, name="chains"),
]
