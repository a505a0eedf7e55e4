from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "pilotbase.operations"
    label = "operations"
    verbose_name = "运维"
