from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pilotbase.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from . import signals  # noqa: F401  sign-in events are recorded from Django's auth signals
