from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sro.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # django.contrib.admin comes first in INSTALLED_APPS: every admin is registered by now.
        from sro.core.admin import guard_admin_forms

        guard_admin_forms()
