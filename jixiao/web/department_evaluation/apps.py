from django.apps import AppConfig


class DepartmentEvaluationConfig(AppConfig):
    name = "jixiao.web.department_evaluation"
    label = "department_evaluation"
    verbose_name = "部门整体支出绩效自评"
    default_auto_field = "django.db.models.BigAutoField"
