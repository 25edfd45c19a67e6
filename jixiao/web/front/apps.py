from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "jixiao.web.front"
    verbose_name = "页面"
