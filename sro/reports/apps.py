from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sro.reports"
    label = "reports"
    verbose_name = "Reports: the annual program report and the transparency figures"
