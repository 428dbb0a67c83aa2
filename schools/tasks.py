"""The school sign-in's jobs on the job queue (docs/school-sign-in.md)."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from .auth import sign_in_code_send
from .models import EmailSignIn


@app.task(
    name="schools.send_sign_in_code",
    queue="emails",
    retry=RetryStrategy(max_attempts=settings.EMAIL_SEND_ATTEMPTS, exponential_wait=2),
)
def send_sign_in_code(*, email_digest: str) -> None:
    sign_in_code_send(email_digest=email_digest)


@app.periodic(cron="27 * * * *", periodic_id="hourly")
@app.task(name="schools.delete_idle_sign_ins", queue="periodic", queueing_lock="schools.delete_idle_sign_ins")
def delete_idle_sign_ins(timestamp: int) -> int:
    """The sign-in record of an address that is nobody's, once it holds nothing: no wrong code counted, no lock and
    no code that could still work. Anything that counts towards a lock is kept, so waiting never resets it
    (docs/school-sign-in.md, "The emailed code")."""
    expired = timezone.now() - dt.timedelta(seconds=settings.SCHOOL_SIGN_IN_CODE_SECONDS)
    deleted, _ = (
        EmailSignIn.objects.filter(
            school_user__isnull=True, locked_at__isnull=True, failed_codes=0, updated_at__lt=expired
        )
        .filter(Q(code_issued_at__isnull=True) | Q(code_issued_at__lt=expired))
        .delete()
    )
    return deleted
