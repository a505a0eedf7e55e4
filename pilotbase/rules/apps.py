from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "pilotbase.rules"
    label = "rules"
    verbose_name = "申报条件"
