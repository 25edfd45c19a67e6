from django.apps import AppConfig


class AdjustmentsConfig(AppConfig):
    name = "jixiao.web.adjustments"
    label = "adjustments"
    verbose_name = "绩效目标调整"
    default_auto_field = "django.db.models.BigAutoField"
