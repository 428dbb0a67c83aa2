"""The Teacher Record Service (TRS), behind one adapter (docs/school-registration.md "Teacher records").

`settings.TRS_CLIENT` names the client class: the stand-in (`participants.trs.fake.FakeTRSClient`, reading
FakeTeacherRecord rows) everywhere but production, the TRS API itself (`participants.trs.http.HTTPTRSClient`) in
production. Every client answers `find_teacher` with a TRSTeacher or None, and raises TRSUnavailable when TRS cannot
answer; the pages that reach it turn that into the message TRS_UNAVAILABLE (docs/support.md, "Teacher Record
Service").
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.module_loading import import_string

from config.outage import ServiceUnavailable

DEFAULT_CLIENT = "participants.trs.fake.FakeTRSClient"
TRS_UNAVAILABLE = "The Teacher Record Service is not answering at the moment. Try again later."


class TRSUnavailable(ServiceUnavailable):
    """TRS did not answer (timeouts, refused connections, server errors) after the client's retries, or answered
    something that is not a teacher record."""

    message = TRS_UNAVAILABLE


@dataclass(frozen=True)
class TRSTeacher:
    trn: str
    first_name: str
    last_name: str
    date_of_birth: dt.date | None
    # none, required_to_complete, in_progress, passed, failed, exempt (models.trs.InductionStatus)
    induction_status: str
    qts_awarded_on: dt.date | None
    prohibited_from_teaching: bool
    induction_completed_on: dt.date | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def client():
    return import_string(getattr(settings, "TRS_CLIENT", DEFAULT_CLIENT))()


def find_teacher(
    *, trn: str, date_of_birth: dt.date | None = None, national_insurance_number: str | None = None
) -> TRSTeacher | None:
    """The TRS record with this TRN (and, when given, this date of birth or national insurance number)."""
    return client().find_teacher(
        trn=trn, date_of_birth=date_of_birth, national_insurance_number=national_insurance_number
    )


class LookupResult(StrEnum):
    FOUND = "found"
    TRN_NOT_FOUND = "trn_not_found"
    DOB_MISMATCH = "dob_mismatch"  # ask for the national insurance number next
    NOT_FOUND = "not_found"  # TRN + national insurance number matched nobody


@dataclass(frozen=True)
class Lookup:
    result: LookupResult
    teacher: TRSTeacher | None = None


def lookup(*, trn: str, date_of_birth: dt.date, national_insurance_number: str | None = None) -> Lookup:
    """The find-ECT/find-mentor branches: TRN unknown; TRN and date of birth match; the date of birth does not
    match (the journey asks for the national insurance number); TRN and national insurance number match or not."""
    if national_insurance_number:
        teacher = find_teacher(trn=trn, national_insurance_number=national_insurance_number)
        return Lookup(LookupResult.FOUND, teacher) if teacher else Lookup(LookupResult.NOT_FOUND)
    if find_teacher(trn=trn) is None:
        return Lookup(LookupResult.TRN_NOT_FOUND)
    teacher = find_teacher(trn=trn, date_of_birth=date_of_birth)
    return Lookup(LookupResult.FOUND, teacher) if teacher else Lookup(LookupResult.DOB_MISMATCH)
