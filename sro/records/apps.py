from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "sro.records"
    label = "records"
    verbose_name = "Records: retention and legal holds"
