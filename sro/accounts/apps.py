from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sro.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
