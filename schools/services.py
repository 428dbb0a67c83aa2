"""Changes to schools made from the school pages (docs/school-pages.md). One transaction each, with an event."""

import datetime as dt

from django.db import transaction

from config.events import record_event
from config.notify import send_email

from .models import School
from .rules import contract_year


@transaction.atomic
def induction_tutor_confirm(*, school: School, today: dt.date, author_type: str, author_name: str) -> School:
    """The school confirms its induction tutor for the current contract period."""
    school = School.objects.select_for_update().get(pk=school.pk)
    school.induction_tutor_last_nominated_in = contract_year(today)
    school.save(update_fields=["induction_tutor_last_nominated_in", "updated_at"])
    record_event(
        event_type="school_induction_tutor_confirmed",
        heading=f"{school.induction_tutor_name} confirmed as induction tutor of {school.name}",
        subject=school,
        author_type=author_type,
        author_name=author_name,
        contract_year=school.induction_tutor_last_nominated_in,
    )
    return school


@transaction.atomic
def induction_tutor_update(
    *, school: School, name: str, email: str, today: dt.date, author_type: str, author_name: str
) -> School:
    """The school names its induction tutor (who lead providers see on partnerships and schools) for the
    current contract period; the new tutor is told by email."""
    school = School.objects.select_for_update().get(pk=school.pk)
    changed = (school.induction_tutor_name, school.induction_tutor_email) != (name, email)
    school.induction_tutor_name = name
    school.induction_tutor_email = email
    school.induction_tutor_last_nominated_in = contract_year(today)
    school.save()
    record_event(
        event_type="school_induction_tutor_updated",
        heading=f"{name} named as induction tutor of {school.name}",
        subject=school,
        author_type=author_type,
        author_name=author_name,
        contract_year=school.induction_tutor_last_nominated_in,
    )
    if changed:
        send_email(
            to=email,
            template="induction_tutor_confirmation",
            personalisation={"name": name, "school_name": school.name},
        )
    return school
