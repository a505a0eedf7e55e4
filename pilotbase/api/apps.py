from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pilotbase.api"
    label = "api"
    verbose_name = "API"
