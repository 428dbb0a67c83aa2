"""Register's requests for TRNs, behind one adapter (docs/decisions.md 15; docs/register-api.md "TRNs in the sandbox").

Outside production the stand-in teacher record service answers every request: the trainee gets a new TRN, kept as
a stand-in teacher record too (so a school can later find the teacher by it), and moves to `trn_received`, as when
the real service answers. The answer comes on the provider's first Register API request at least
`REGISTER_FAKE_TRN_DELAY_SECONDS` (5 minutes unless set) after the submission, never with the POST that submitted it,
so a provider sees its trainee waiting for a TRN first. In production nothing here answers: the real service's
client is not part of this service yet, so trainees wait in `submitted_for_trn`.
"""

import re

from django.conf import settings

FIRST_FAKE_TRN = 3000000


def answer_delay() -> int | None:
    """How long after a submission the stand-in service answers it (0: on the next request), or None when nothing
    answers (production)."""
    if not settings.STAND_IN_TEACHER_RECORDS:
        return None
    return max(int(getattr(settings, "REGISTER_FAKE_TRN_DELAY_SECONDS", 0)), 0)


def issue_trn(trainee) -> str:
    """The stand-in service's answer to a trainee's request: a new TRN, kept as a stand-in teacher record too."""
    from participants.models import FakeTeacherRecord
    from register.models import Trainee

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
    return trn
