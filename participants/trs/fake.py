"""The stand-in Teacher Record Service: answers from FakeTeacherRecord rows, which DfE staff edit in the admin
outside production (docs/school-registration.md "Teacher records"). Nothing here calls the network."""

import datetime as dt
import re

from . import TRSTeacher


class FakeTRSClient:
    def find_teacher(
        self, *, trn: str, date_of_birth: dt.date | None = None, national_insurance_number: str | None = None
    ) -> TRSTeacher | None:
        from ..models import FakeTeacherRecord

        records = FakeTeacherRecord.objects.filter(trn=trn)
        if date_of_birth is not None:
            records = records.filter(date_of_birth=date_of_birth)
        if national_insurance_number is not None:
            records = records.filter(
                national_insurance_number__iexact=re.sub(r"\s", "", national_insurance_number)
            ).exclude(national_insurance_number="")
        record = records.first()
        return None if record is None else answer_of(record)


def answer_of(record) -> TRSTeacher:
    """What the stand-in service answers for one of its records."""
    return TRSTeacher(
        trn=record.trn,
        first_name=record.first_name,
        last_name=record.last_name,
        date_of_birth=record.date_of_birth,
        induction_status=record.induction_status,
        qts_awarded_on=record.qts_awarded_on,
        prohibited_from_teaching=record.prohibited_from_teaching,
        induction_completed_on=record.induction_completed_on,
    )
