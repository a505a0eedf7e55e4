from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "pilotbase.catalogue"
    label = "catalogue"
    verbose_name = "中试服务清单与供需对接"
