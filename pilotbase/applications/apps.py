from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "pilotbase.applications"
    label = "applications"
    verbose_name = "申报备案"
