"""Running the job queue's waiting jobs inside a test (the real worker runs in `tests/platform/test_worker*.py`).

The test database is one transaction that never commits, which a worker process could not see: `run_queued_jobs`
takes each waiting job out of procrastinate's table in that transaction, oldest first, and runs its task's function
with the job's arguments, as a worker would once the request had committed. A job that raises fails the test."""

import json

from django.db import connection
from procrastinate.contrib.django import app

_NEXT = (
    "DELETE FROM procrastinate_jobs WHERE id = (SELECT id FROM procrastinate_jobs WHERE status = 'todo' "
    "AND (%(queues)s::text[] IS NULL OR queue_name = ANY(%(queues)s)) ORDER BY id LIMIT 1) RETURNING task_name, args"
)


def _arguments(value) -> dict:
    # Django reads jsonb columns as text (its JSONField decodes them itself).
    return json.loads(value) if isinstance(value, str) else value


def queued_jobs(task_name: str | None = None) -> list[tuple[str, dict]]:
    """The jobs waiting in the queue, oldest first: (task name, arguments)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT task_name, args FROM procrastinate_jobs WHERE status = 'todo' ORDER BY id")
        return [(name, _arguments(args)) for name, args in cursor.fetchall() if task_name in (None, name)]


def run_queued_jobs(*queues: str) -> list[str]:
    """Runs every waiting job (of `queues`, or all), including those the jobs add; returns the task names run."""
    ran = []
    while True:
        with connection.cursor() as cursor:
            cursor.execute(_NEXT, {"queues": list(queues) or None})
            row = cursor.fetchone()
        if row is None:
            return ran
        task_name, args = row[0], _arguments(row[1])
        app.tasks[task_name].func(**args)
        ran.append(task_name)
