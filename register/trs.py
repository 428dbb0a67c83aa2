"""Register's requests for TRNs, behind one adapter (docs/decisions.md 15; docs/register-api.md "TRNs in the sandbox").

Outside production the stand-in teacher record service answers every request: the trainee gets a new TRN, kept as
a stand-in teacher record too (so a school can later find the teacher by it), and moves to `trn_received`, as when
the real service answers. With `REGISTER_FAKE_TRN_DELAY_SECONDS` = 0 the answer comes as soon as the submission is
saved; otherwise on the provider's first Register API request that long after the submission. In production nothing
here answers: the real service's client is not part of this service yet, so trainees wait in `submitted_for_trn`.
"""

import datetime as dt
import re

from django.conf import settings
from django.db import transaction

from config import clock

FIRST_FAKE_TRN = 3000000


def _delay() -> int | None:
    if settings.ENVIRONMENT == "production":
        return None
    return max(int(getattr(settings, "REGISTER_FAKE_TRN_DELAY_SECONDS", 0)), 0)


def request_trn(trainee) -> None:
    """Called when a trainee is submitted for a TRN, inside the submission's transaction."""
    if _delay() == 0:
        transaction.on_commit(lambda: answer_trn_request(trainee.pk))


def answer_due_requests(*, training_provider) -> None:
    """The stand-in service's delayed answers: TRNs for the provider's trainees submitted at least the delay ago."""
    delay = _delay()
    if not delay:
        return
    from register.models import Trainee, TraineeState

    due = Trainee.objects.filter(
        training_provider=training_provider,
        state=TraineeState.SUBMITTED_FOR_TRN,
        trn__isnull=True,
        submitted_for_trn_at__lte=clock.now() - dt.timedelta(seconds=delay),
    ).values_list("pk", flat=True)
    for pk in list(due):
        answer_trn_request(pk)


@transaction.atomic
def answer_trn_request(trainee_pk: int) -> None:
    """Give the trainee a TRN if it is still waiting for one (a trainee deferred meanwhile keeps waiting)."""
    from participants.models import FakeTeacherRecord
    from register.models import Trainee, TraineeState
    from register.services import trainee_receive_trn

    trainee = Trainee.objects.select_for_update().filter(pk=trainee_pk).first()
    if trainee is None or trainee.state != TraineeState.SUBMITTED_FOR_TRN or trainee.trn:
        return
    trn = f"{FIRST_FAKE_TRN + trainee.pk}"
    while FakeTeacherRecord.objects.filter(trn=trn).exists() or Trainee.objects.filter(trn=trn).exists():
        trn = f"{int(trn) + 1}"  # a TRN DfE staff gave someone else in the admin
    ni_number = re.sub(r"\s", "", trainee.ni_number or "").upper()
    FakeTeacherRecord.objects.create(
        trn=trn,
        date_of_birth=trainee.date_of_birth,
        national_insurance_number=ni_number if len(ni_number) == 9 else "",
        first_name=trainee.first_names[:120],
        last_name=trainee.last_name[:120],
    )
    trainee_receive_trn(trainee=trainee, trn=trn)
