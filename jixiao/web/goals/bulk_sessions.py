"""Batches of a large load stored by several database sessions at once (PostgreSQL).

A batch's COPYs are the server's work, one core per session; with the goal tables' indexes
dropped and guarded (`bulk.large_load`), the next batch's COPYs can run in a second session
while the first batch finishes. Each batch is still one transaction (`bulk.store_documents`,
atomic per document, resumable); what must see the batches in order is serialised: each
batch takes the audit chain's lock before its roll-ups and audit entries and keeps it to
its commit, so the roll-ups of one batch read the committed rows of the one before. A unit
and year in two batches at once is caught by the unique key (the later batch is then
stored one document at a time and that document reported), as between two imports.

    with bulk.large_load(projects), storing() as store:
        for batch in batches:
            done = store(batch, user)  # a Future: the batch's ``Pending.error`` are set
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection

from jixiao.web.goals import bulk

Store = Callable[[Sequence["bulk.Pending"], Any], "Future[None]"]


def sessions() -> int:
    """Sessions storing at once during a large load: `JIXIAO_BULK_SESSIONS`."""
    return max(1, int(getattr(settings, "JIXIAO_BULK_SESSIONS", 2)))


@contextmanager
def storing(jobs: int | None = None) -> Iterator[Store]:
    """A ``store(batch, user)`` that stores by ``jobs`` sessions (`sessions()`) inside a
    large load that dropped the indexes, else right away in this session; every batch is
    stored when the block ends (the first error of a batch is raised then, if the caller
    did not ask its future)."""
    jobs = sessions() if jobs is None else jobs
    if jobs < 2 or connection.vendor != "postgresql" or not bulk.large_load_running():
        yield _here
        return
    work: queue.Queue[tuple[Sequence[bulk.Pending], Any, Future[None]] | None]
    work = queue.Queue(maxsize=jobs)
    futures: list[Future[None]] = []
    threads = [threading.Thread(target=_session, args=(work,), daemon=True) for _ in range(jobs)]
    for t in threads:
        t.start()

    def store(batch: Sequence[bulk.Pending], user: Any) -> Future[None]:
        done: Future[None] = Future()
        futures.append(done)
        work.put((batch, user, done))
        return done

    try:
        yield store
    finally:
        for _ in threads:
            work.put(None)
        for t in threads:
            t.join()
    for done in futures:
        done.result()


def _here(batch: Sequence[bulk.Pending], user: Any) -> Future[None]:
    done: Future[None] = Future()
    bulk.store_documents(batch, user)
    done.set_result(None)
    return done


def _session(work: queue.Queue[tuple[Sequence[bulk.Pending], Any, Future[None]] | None]) -> None:
    """One storing session: marked as the loading one (the guard lets it write), closed
    at the end."""
    try:
        bulk.mark_session(True)
        while (item := work.get()) is not None:
            batch, user, done = item
            try:
                bulk.store_documents(batch, user)
            except BaseException as e:  # given to the caller through its future
                done.set_exception(e)
            else:
                done.set_result(None)
    finally:
        connection.close()
