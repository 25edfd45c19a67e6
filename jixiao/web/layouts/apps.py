from django.apps import AppConfig


class LayoutsConfig(AppConfig):
    name = "jixiao.web.layouts"
    verbose_name = "导入版式"
