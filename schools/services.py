"""Changes to schools made from the school pages (docs/school-pages.md). One transaction each, with an event."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config.errors import DomainValidationError
from config.events import record_event
from config.models import AuthorType
from config.notify import send_email

from .models import School, SupportQuery
from .rules import SIT_UNCHANGED, contract_year, induction_tutor_unchanged, support_query_errors


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
    *,
    school: School,
    name: str,
    email: str,
    today: dt.date,
    author_type: str,
    author_name: str,
    replaces_current: bool = False,
) -> School:
    """The school names its induction tutor (who lead providers see on partnerships and schools) for the
    current contract period; the new tutor is told by email. A change of tutor (`replaces_current`) that gives the
    current tutor's details is refused (docs/school-pages.md)."""
    school = School.objects.select_for_update().get(pk=school.pk)
    if replaces_current and induction_tutor_unchanged(school, name=name, email=email):
        raise DomainValidationError("name", SIT_UNCHANGED)
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


@transaction.atomic
def support_query_create(
    *,
    name: str,
    email: str,
    school_name: str,
    message: str,
    school: School | None = None,
    author_type: str = AuthorType.SYSTEM,
    author_name: str = "",
) -> SupportQuery:
    """Someone asks DfE support a question: it is kept for support staff (the admin lists it until they close it)
    and emailed to DfE support once saved (docs/school-pages.md, "Contact DfE support")."""
    errors = support_query_errors(name=name, email=email, school_name=school_name, message=message)
    if errors:
        raise DomainValidationError(list(errors.items()))  # every problem at once, for the page's error summary
    query = SupportQuery.objects.create(
        name=" ".join(name.split()),
        email=email.strip(),
        school_name=" ".join(school_name.split()),
        school=school,
        message=message.strip(),
    )
    record_event(
        event_type="support_query_created",
        heading=f"{query.name} asked DfE support a question about {query.school_name}",
        subject=query,
        author_type=author_type,
        author_name=author_name or f"{query.name} <{query.email}>",
    )
    send_email(
        to=settings.DFE_SUPPORT_EMAIL,
        template="support_query",
        personalisation={
            "name": query.name,
            "email": query.email,
            "school_name": query.school_name,
            "school_urn": school.urn if school else "",
            "message": query.message,
        },
    )
    return query


@transaction.atomic
def support_query_close(*, query: SupportQuery, staff_name: str) -> SupportQuery:
    """Support staff close a query they have answered; closing it again changes nothing."""
    query = SupportQuery.objects.select_for_update().get(pk=query.pk)
    if query.closed_at is not None:
        return query
    query.closed_at = timezone.now()
    query.closed_by = staff_name
    query.save(update_fields=["closed_at", "closed_by"])
    record_event(
        event_type="support_query_closed",
        heading=f"Support query from {query.name} closed",
        subject=query,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=staff_name,
    )
    return query
