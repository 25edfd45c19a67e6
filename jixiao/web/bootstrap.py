"""Start Django for a command: settings, app registry, and a migrated database.

Every command that uses the database calls `setup()` first, so it works on a fresh, empty
data directory (the SQLite file is created and migrated on first use).
"""

from __future__ import annotations

import getpass
import os


def setup(*, migrate: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django
    from django.conf import settings

    django.setup()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    if migrate:
        migrate_if_needed()


def migrate_if_needed() -> bool:
    """Apply pending migrations; True when there were any."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True


def cli_actor() -> str:
    """How the audit log names a command-line user (there is no logged-in user)."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        who = "?"
    return f"命令行（{who}）"
