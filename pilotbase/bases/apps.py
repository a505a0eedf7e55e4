from django.apps import AppConfig


class BasesConfig(AppConfig):
    name = "pilotbase.bases"
    label = "bases"
    verbose_name = "中试基地"
