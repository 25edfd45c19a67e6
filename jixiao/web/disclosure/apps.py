from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "jixiao.web.disclosure"
    label = "disclosure"
    verbose_name = "绩效公开"
    default_auto_field = "django.db.models.BigAutoField"
