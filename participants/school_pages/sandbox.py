"""Sandbox data made the way a school makes it: an ECT registered through the school journey's service (provider-led,
an expression of interest, no mentor yet), so the sandbox's school pages show "Action required"."""

import datetime as dt

from config import clock
from config.models import AuthorType
from partnerships.models import LeadProvider
from schools.models import AppropriateBody, School

from ..models import ECTAtSchoolPeriod, FakeTeacherRecord
from ..services.registration import ect_register

SCHOOL_URN = "100000"
TRN = "1999001"


def seed() -> dict[str, dict[str, str]]:
    school = School.objects.filter(urn=SCHOOL_URN).first()
    body = AppropriateBody.objects.filter(body_type="teaching_school_hub", active=True).order_by("name").first()
    provider = LeadProvider.objects.filter(contracts__cohort__start_year=clock.today().year).order_by("name").first()
    if (
        school is None
        or body is None
        or provider is None
        or ECTAtSchoolPeriod.objects.filter(teacher__trn=TRN).exists()
    ):
        return {}
    FakeTeacherRecord.objects.get_or_create(
        trn=TRN,
        defaults={
            "date_of_birth": dt.date(1996, 3, 14),
            "national_insurance_number": "AB199901C",
            "first_name": "Noor",
            "last_name": "Hussain",
            "induction_status": "in_progress",
        },
    )
    ect_register(
        school=school,
        trn=TRN,
        email="noor.hussain@example.com",
        started_on=clock.today(),
        working_pattern="full_time",
        appropriate_body=body,
        training_programme="provider_led",
        lead_provider=provider,
        author_type=AuthorType.SYSTEM,
        author_name="sandbox",
    )
    return {}
