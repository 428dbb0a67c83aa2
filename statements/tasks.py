"""The statements' periodic jobs on the job queue (README "Running in production"), each once a day however many
workers run: the daily close, when statements whose cut-off has passed become payable (docs/statements.md,
"States"); and the check of the claim group counts the database keeps against the declarations (docs/finance.md
"How the counts are kept")."""

import logging

from django.conf import settings
from django.db import transaction
from procrastinate.contrib.django import app

from config.db import advisory_lock
from config.events import record_event, recorded_as
from config.models import EventSource
from declarations.selectors import claim_groups_apart
from declarations.services import statements_mark_due_payable
from statements.models import Statement

# Any constant every run agrees on: "close_statements" as a 63-bit number.
ADVISORY_LOCK_KEY = 0x636C6F73655F7374


def close_due_statements() -> list[Statement]:
    """Safe to start on every server at once (docs/security.md §4): a PostgreSQL advisory lock lets one run at a
    time; a run that waited finds nothing left to do."""
    with advisory_lock(ADVISORY_LOCK_KEY), recorded_as(EventSource.JOB):  # its events name the job as their source
        return statements_mark_due_payable()


# The queue defers one job per cron tick, whatever the number of workers (procrastinate records each periodic defer
# under a unique key), and the queueing lock keeps a late one from piling up behind a running one.
@app.periodic(cron=settings.CLOSE_STATEMENTS_CRON, periodic_id="daily")
@app.task(name="statements.close_statements", queue="periodic", queueing_lock="statements.close_statements")
def close_statements(timestamp: int) -> int:
    return len(close_due_statements())


logger = logging.getLogger(__name__)
COUNTS_DISAGREE_EVENT = "statement_claim_counts_disagree"


def check_claim_counts() -> list[Statement]:
    """Compares every kept claim group count with the declarations it counts (one snapshot). Each statement with a
    group that disagrees, as the claims' statement or as their clawback statement, gets an event saying so (its
    payment run would refuse to pay it); the groups are logged as an error. Returns those statements."""
    apart = claim_groups_apart()
    if not apart:
        return []
    logger.error("claim group counts disagree with the declarations in %d group(s): %s", len(apart), apart)
    touched = {group["statement_id"] for group in apart} | {group["clawback_statement_id"] for group in apart}
    statements = list(Statement.objects.filter(pk__in=touched - {None}).order_by("pk"))
    with transaction.atomic(), recorded_as(EventSource.JOB):  # every statement's event, or none
        for statement in statements:
            groups = [g for g in apart if statement.pk in (g["statement_id"], g["clawback_statement_id"])]
            record_event(
                event_type=COUNTS_DISAGREE_EVENT,
                heading="The declaration counts kept for this statement do not match its declarations",
                subject=statement,
                groups="; ".join(
                    f"{g['declaration_type']} {g['course_identifier']} {g['payment_state']} on statement "
                    f"{g['statement_id']}, clawback {g['clawback_state'] or 'none'} on {g['clawback_statement_id']}: "
                    f"kept {g['kept']}, declarations {g['counted']}"
                    for g in groups
                ),
            )
    return statements


@app.periodic(cron=settings.CHECK_CLAIM_COUNTS_CRON, periodic_id="claim_counts")
@app.task(name="statements.check_claim_counts", queue="periodic", queueing_lock="statements.check_claim_counts")
def check_claim_counts_job(timestamp: int) -> int:
    return len(check_claim_counts())
