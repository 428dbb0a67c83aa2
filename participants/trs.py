"""The Teacher Record Service (TRS), behind one adapter (docs/school-registration.md "Teacher records").

`settings.TRS_CLIENT` names the client class; the default reads FakeTeacherRecord rows, so nothing here calls the
network. A real HTTP client only has to provide the same `find_teacher` method.
"""

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_CLIENT = "participants.trs.FakeTRSClient"


@dataclass(frozen=True)
class TRSTeacher:
    trn: str
    first_name: str
    last_name: str
    date_of_birth: dt.date | None
    induction_status: str  # none, in_progress, passed, failed, exempt
    qts_awarded_on: dt.date | None
    prohibited_from_teaching: bool

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class FakeTRSClient:
    """Answers from the FakeTeacherRecord table (editable by DfE staff in the admin outside production)."""

    def find_teacher(
        self, *, trn: str, date_of_birth: dt.date | None = None, national_insurance_number: str | None = None
    ) -> TRSTeacher | None:
        from .models import FakeTeacherRecord

        records = FakeTeacherRecord.objects.filter(trn=trn)
        if date_of_birth is not None:
            records = records.filter(date_of_birth=date_of_birth)
        if national_insurance_number is not None:
            records = records.filter(
                national_insurance_number__iexact=re.sub(r"\s", "", national_insurance_number)
            ).exclude(national_insurance_number="")
        record = records.first()
        if record is None:
            return None
        return TRSTeacher(
            trn=record.trn,
            first_name=record.first_name,
            last_name=record.last_name,
            date_of_birth=record.date_of_birth,
            induction_status=record.induction_status,
            qts_awarded_on=record.qts_awarded_on,
            prohibited_from_teaching=record.prohibited_from_teaching,
        )


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
