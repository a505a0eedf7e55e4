from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pilotbase.portal"
    label = "portal"
    verbose_name = "门户"
