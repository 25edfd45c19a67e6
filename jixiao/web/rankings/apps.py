from django.apps import AppConfig


class RankingsConfig(AppConfig):
    name = "jixiao.web.rankings"
    label = "rankings"
    verbose_name = "评价结果汇总"

    def ready(self) -> None:
        from jixiao.web.rankings.signals import connect

        connect()
