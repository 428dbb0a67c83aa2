"""Teacher records from the Teacher Record Service: DfE support imports an ECT by TRN, and support or the refresh
job brings a teacher's name, induction status and induction end date up to date (docs/support.md, "Import an ECT
from TRS" and "Refresh from TRS"). TRS is asked before anything is written: when it cannot answer
(TRSUnavailable), nothing changes."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from config.errors import DomainValidationError
from config.models import AuthorType

from .. import rules, trs
from ..models import Teacher
from ..school_pages import date_rules, messages
from ..school_pages import rules as school_rules
from .registration import author_event
from .school_periods import refuse

# What a refresh copies from TRS, by this service's field names.
REFRESHED_FIELDS = ("trs_first_name", "trs_last_name", "trs_induction_status", "induction_end_date", "trs_not_found")


def teacher_import_check(*, trn: str, date_of_birth: dt.date | None) -> trs.TRSTeacher:
    """The TRS record an import of this TRN and date of birth would create a teacher from, or the reason it cannot:
    the TRN and date of birth as the school pages check them, then a TRN already here, then TRS's answer."""
    refuse("trn", school_rules.trn_error(trn))
    trn = school_rules.normalise_trn(trn)
    refuse("date_of_birth", date_rules.date_of_birth_error(date_of_birth))
    existing = Teacher.objects.filter(trn=trn).first()
    if existing is not None:
        raise DomainValidationError("trn", rules.TEACHER_EXISTS.format(name=existing))
    looked_up = trs.lookup(trn=trn, date_of_birth=date_of_birth)
    if looked_up.result == trs.LookupResult.TRN_NOT_FOUND:
        raise DomainValidationError("trn", messages.TRN_NOT_FOUND)
    if looked_up.teacher is None:
        raise DomainValidationError("date_of_birth", rules.DATE_OF_BIRTH_DOES_NOT_MATCH)
    return looked_up.teacher


def teacher_import_from_trs(*, trn: str, date_of_birth: dt.date | None, author_name: str) -> Teacher:
    """DfE support creates the teacher record of an ECT the Teacher Record Service knows (TRN and date of birth),
    with TRS's names, induction status and induction end date; refused when a teacher with the TRN exists. The
    date of birth is only used to find the record, never stored. TRS is asked before the transaction opens (it may
    be slow or down); the record and its event are one transaction."""
    found = teacher_import_check(trn=trn, date_of_birth=date_of_birth)
    with transaction.atomic():
        return _create_from_trs(found, author_name=author_name)


def _create_from_trs(found: trs.TRSTeacher, *, author_name: str) -> Teacher:
    try:
        with transaction.atomic():
            teacher = Teacher.objects.create(
                trn=found.trn,
                trs_first_name=found.first_name,
                trs_last_name=found.last_name,
                trs_induction_status=found.induction_status,
                induction_end_date=found.induction_completed_on,
                trs_refreshed_at=timezone.now(),
            )
    except IntegrityError:
        # Someone imported or registered the same TRN a moment earlier: the unique TRN let one through.
        existing = Teacher.objects.get(trn=found.trn)
        raise DomainValidationError("trn", rules.TEACHER_EXISTS.format(name=existing)) from None
    author_event(
        event_type="teacher_imported_from_trs",
        heading=f"{teacher.full_name} was imported from the Teacher Record Service",
        subject=teacher,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=author_name,
        teacher_id=teacher.api_id,
        trn=teacher.trn,
    )
    return teacher


def teacher_refresh_preview(*, teacher: Teacher) -> dict[str, tuple]:
    """What a refresh would change now, {field: (stored, TRS's)}, without writing (the confirm page shows it)."""
    return _changes(teacher, trs.find_teacher(trn=teacher.trn))


def _changes(teacher: Teacher, found: trs.TRSTeacher | None) -> dict[str, tuple]:
    if found is None:
        wanted = {"trs_not_found": True}
    else:
        wanted = {
            "trs_first_name": found.first_name,
            "trs_last_name": found.last_name,
            "trs_induction_status": found.induction_status,
            "induction_end_date": found.induction_completed_on,
            "trs_not_found": False,
        }
    return {name: (getattr(teacher, name), value) for name, value in wanted.items() if getattr(teacher, name) != value}


@transaction.atomic
def teacher_refresh_from_trs(*, teacher: Teacher, author_type: str, author_name: str) -> dict[str, tuple]:
    """The teacher's TRS name, induction status and induction end date become what TRS says now; a TRN TRS no longer
    knows is marked, and nothing else changes. Returns what changed, {field: (before, after)}, recorded on an event
    with the author (nothing changed: no event). Lead providers see a name or induction end date change
    (`updated_at` moves)."""
    found = trs.find_teacher(trn=teacher.trn)  # before any lock or write: TRS may be slow or down
    teacher = Teacher.objects.select_for_update().get(pk=teacher.pk)
    if teacher.merged_into_id is not None:  # its records live on in the record it was merged into
        raise DomainValidationError("teacher", rules.ALREADY_MERGED)
    changes = _changes(teacher, found)
    if not changes:
        # Asked, and nothing changed: only when it was asked is kept (no history row, `updated_at` stays).
        Teacher.objects.filter(pk=teacher.pk).update(trs_refreshed_at=timezone.now())
        return changes
    for name, (_, value) in changes.items():
        setattr(teacher, name, value)
    teacher.trs_refreshed_at = timezone.now()
    teacher.save(update_fields=[*changes, "trs_refreshed_at", "updated_at"])
    labels = ", ".join(Teacher._meta.get_field(name).verbose_name for name in changes)
    author_event(
        event_type="teacher_refreshed_from_trs" if found else "teacher_not_found_in_trs",
        heading=f"Refreshed from the Teacher Record Service: {labels} changed"
        if found
        else "The Teacher Record Service no longer finds this TRN",
        subject=teacher,
        author_type=author_type,
        author_name=author_name,
        changes=changes,
        teacher_id=teacher.api_id,
    )
    return changes
