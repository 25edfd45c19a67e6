from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GoalsConfig(AppConfig):
    name = "jixiao.web.goals"
    verbose_name = "绩效目标"

    def ready(self) -> None:
        post_migrate.connect(_search_index, sender=self)


def _search_index(sender: Any, using: str = "default", **kwargs: Any) -> None:
    # SQLite drops a table's triggers when a migration rebuilds the table: put them back.
    from django.db import connections

    from jixiao.web.goals.search import ensure_sqlite_index

    ensure_sqlite_index(connections[using])
