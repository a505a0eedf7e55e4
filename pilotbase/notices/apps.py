from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "pilotbase.notices"
    label = "notices"
    verbose_name = "公示"
