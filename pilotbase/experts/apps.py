from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "pilotbase.experts"
    label = "experts"
    verbose_name = "专家评审"
