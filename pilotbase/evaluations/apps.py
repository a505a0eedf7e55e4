from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pilotbase.evaluations"
    verbose_name = "绩效评价"
