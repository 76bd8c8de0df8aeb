from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sro.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from sro.accounts import security

        security.connect_lockout()
