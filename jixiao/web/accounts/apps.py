from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jixiao.web.accounts"
    verbose_name = "用户"

    def ready(self) -> None:
        from jixiao.web.accounts import signals  # noqa: F401  (connects the receivers)
