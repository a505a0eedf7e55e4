from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "pilotbase.documents"
    label = "documents"
    verbose_name = "公文、报表与统计"
