"""Runs a worker of the job queue (README "Running in production"): start one per machine, or several; they share
the jobs through PostgreSQL (`SELECT … FOR UPDATE SKIP LOCKED`), are woken by LISTEN/NOTIFY, and each periodic job
runs once per period however many are up. Stops gracefully on SIGTERM or SIGINT (running jobs finish first)."""

from django.core.management.base import BaseCommand
from procrastinate.contrib.django import app


class Command(BaseCommand):
    help = "Run a worker: sends emails and webhooks, runs the daily close and the clean-ups."

    def add_arguments(self, parser):
        parser.add_argument("--queues", default="", help="Comma-separated queues (default: every queue)")
        parser.add_argument("--concurrency", type=int, help="Jobs run at once (default: WORKER_CONCURRENCY)")
        parser.add_argument("--name", default=None, help="The worker's name in the logs and the jobs table")
        parser.add_argument("--one-shot", action="store_true", help="Stop when no job is waiting")

    def handle(self, *args, queues, concurrency, name, one_shot, **options):
        chosen = {"wait": not one_shot}
        if queues:
            chosen["queues"] = [queue.strip() for queue in queues.split(",") if queue.strip()]
        if concurrency:
            chosen["concurrency"] = concurrency
        if name:
            chosen["name"] = name
        # The request-serving connector uses Django's connection; a worker needs its own asynchronous one, on the
        # same database and role.
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(**chosen)
