from django.apps import AppConfig


class AudittrailConfig(AppConfig):
    name = "sro.audittrail"
    label = "audittrail"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from sro.audittrail import guard

        guard.connect()
