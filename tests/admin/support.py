"""Building blocks of the support console's tests (docs/support.md): a teacher with training that support can move,
and walking an admin journey as a browser would (each step's answers, then the check-answers step)."""

import datetime as dt

from django.urls import reverse

from config import clock
from participants.models import TrainingPeriod
from tests.declarations.factories import ect
from tests.factories import DeliveryPartnerFactory, LeadProviderFactory, contract, partnership


def movable_ect(lead_provider, *, year: int = 2024):
    """An ECT trained by `lead_provider` in `year`, at a school with a second partnership in that cohort (another
    lead provider, another delivery partner) that the training can move to. Returns (training, other partnership)."""
    training = ect(lead_provider, year=year)
    other_provider = LeadProviderFactory(name=f"Other provider {training.pk}")
    contract(other_provider, year)
    other = partnership(training.school, other_provider, DeliveryPartnerFactory(), year)
    return training, other


def latest_training(teacher, role: str = "ect") -> TrainingPeriod:
    return TrainingPeriod.objects.filter(teacher=teacher, role=role).order_by("-started_on", "-id").first()


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def walk(client, url_name: str, kwargs: dict, answers: list[tuple[str, dict]]):
    """Answers each step (name, POST data) of the admin journey `url_name`, then confirms at check answers.
    Returns the first response that is not a redirect on to the next page (a 403, or a page with an error), else
    the check-answers POST's response."""
    for step, data in answers:
        response = client.post(reverse(f"admin:{url_name}", kwargs={**kwargs, "step": step}), data)
        if response.status_code != 302:
            return response
    return client.post(reverse(f"admin:{url_name}", kwargs={**kwargs, "step": "check-answers"}))


def today() -> dt.date:
    return clock.today()
