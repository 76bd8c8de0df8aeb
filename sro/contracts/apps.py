from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "sro.contracts"
    label = "contracts"
    verbose_name = "Contracts"
