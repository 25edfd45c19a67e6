from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "jixiao.web.library"
    label = "library"
    verbose_name = "指标库"
    default_auto_field = "django.db.models.BigAutoField"
