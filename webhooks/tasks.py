"""The webhook jobs of the job queue (docs/webhooks.md, "Delivery")."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from procrastinate import BaseRetryStrategy, RetryDecision
from procrastinate.contrib.django import app

from .delivery import Outcome, attempt
from .models import DeliveryState, WebhookDelivery
from .services import DELIVER_TASK


class DeliveryFailed(Exception):
    """The endpoint did not answer 2xx in time; the job runs again later."""


class GrowingDelay(BaseRetryStrategy):
    """WEBHOOK_RETRY_FIRST_SECONDS after the first failure, doubling each time up to WEBHOOK_RETRY_MAX_SECONDS; the
    delivery itself decides when to stop (a day after its change: `delivery.attempt`)."""

    def get_retry_decision(self, *, exception: BaseException, job) -> RetryDecision | None:
        if not isinstance(exception, DeliveryFailed):
            return None
        delay = settings.WEBHOOK_RETRY_FIRST_SECONDS * 2 ** min(job.attempts, 30)
        return RetryDecision(retry_in={"seconds": min(delay, settings.WEBHOOK_RETRY_MAX_SECONDS)})


@app.task(name=DELIVER_TASK, queue="webhooks", retry=GrowingDelay())
def deliver(*, delivery_id: int) -> None:
    if attempt(delivery_id) is Outcome.RETRY:
        raise DeliveryFailed(delivery_id)


@app.periodic(cron="37 * * * *", periodic_id="hourly")
@app.task(name="webhooks.delete_old_deliveries", queue="periodic", queueing_lock="webhooks.delete_old_deliveries")
def delete_old_deliveries(timestamp: int) -> int:
    """The delivery log keeps finished deliveries for WEBHOOK_LOG_DAYS."""
    before = timezone.now() - dt.timedelta(days=settings.WEBHOOK_LOG_DAYS)
    deleted, _ = WebhookDelivery.objects.filter(created_at__lt=before).exclude(state=DeliveryState.PENDING).delete()
    return deleted
