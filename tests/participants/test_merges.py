import datetime as dt

import pytest

from participants import services
from participants.models import ParticipantIdChange, Teacher, TrainingPeriod
from tests.factories import DeliveryPartnerFactory, SchoolFactory, TeacherFactory, ect_training, partnership

D = dt.date


@pytest.fixture
def duplicates(lead_provider):
    """One person registered twice: as an ECT at one school, then (with another TRN) at the next."""
    first, second = SchoolFactory(), SchoolFactory()
    keep_period = ect_training(
        first, year=2025, partnership=partnership(first, lead_provider, DeliveryPartnerFactory(), 2025)
    )
    keep_period.finished_on = D(2025, 12, 31)
    keep_period.save()
    keep_period.ect_at_school_period.finished_on = D(2025, 12, 31)
    keep_period.ect_at_school_period.save()
    retire = TeacherFactory()
    ect_training(
        second,
        year=2025,
        teacher=retire,
        partnership=partnership(second, lead_provider, DeliveryPartnerFactory(), 2025),
        started_on=D(2026, 1, 5),
    )
    return keep_period.teacher, retire


def test_merge_moves_periods_and_records_an_id_change(duplicates):
    keep, retire = duplicates
    services.teacher_merge(keep=keep, retire=retire, author_name="support@education.gov.uk")
    assert TrainingPeriod.objects.filter(teacher=keep).count() == 2
    assert not TrainingPeriod.objects.filter(teacher=retire).exists()
    retire.refresh_from_db()
    assert retire.merged_into == keep
    change = ParticipantIdChange.objects.get(teacher=keep)
    assert (change.from_participant_id, change.to_participant_id) == (retire.api_id, keep.api_id)


def test_earlier_id_changes_follow_the_surviving_record(duplicates):
    keep, retire = duplicates
    older = TeacherFactory()
    services.teacher_merge(keep=retire, retire=older, author_name="support")
    services.teacher_merge(keep=keep, retire=retire, author_name="support")
    assert set(ParticipantIdChange.objects.filter(teacher=keep).values_list("from_participant_id", flat=True)) == {
        older.api_id,
        retire.api_id,
    }


def test_overlapping_records_cannot_be_merged(lead_provider):
    school = SchoolFactory()
    mine = partnership(school, lead_provider, DeliveryPartnerFactory(), 2025)
    a = ect_training(school, year=2025, partnership=mine)
    b = ect_training(school, year=2025, partnership=mine)
    with pytest.raises(services.merges.DomainValidationError) as error:
        services.teacher_merge(keep=a.teacher, retire=b.teacher, author_name="support")
    assert error.value.errors == [
        (
            "participant_id",
            (
                "These records cannot be merged: they have overlapping periods at schools or in training. Fix the "
                "periods first."
            ),
        )
    ]
    assert TrainingPeriod.objects.filter(teacher=b.teacher).count() == 1


def test_merged_participant_through_the_api(lp_client, duplicates):
    keep, retire = duplicates
    services.teacher_merge(keep=keep, retire=retire, author_name="support")
    assert lp_client.get(f"/api/v3/participants/{retire.api_id}").status_code == 404
    found = lp_client.get("/api/v3/participants", {"filter[from_participant_id]": str(retire.api_id)}).json()["data"]
    assert [item["id"] for item in found] == [str(keep.api_id)]
    changes = found[0]["attributes"]["participant_id_changes"]
    assert changes[0]["from_participant_id"] == str(retire.api_id) and changes[0]["to_participant_id"] == str(
        keep.api_id
    )


def test_support_staff_merge_in_the_admin(admin_client, duplicates):
    keep, retire = duplicates
    page = admin_client.get(f"/admin/participants/teacher/{keep.pk}/change/")
    assert page.status_code == 200 and b"Merge a duplicate record into this one" in page.content
    response = admin_client.post(f"/admin/participants/teacher/{keep.pk}/merge/", {"duplicate": retire.trn})
    assert response.status_code == 302
    assert Teacher.objects.get(pk=retire.pk).merged_into_id == keep.pk
    again = admin_client.post(f"/admin/participants/teacher/{keep.pk}/merge/", {"duplicate": retire.trn})
    assert again.status_code == 200 and b"already been merged" in again.content


def test_admin_finds_teachers_by_trn_and_shows_events(admin_client, duplicates):
    keep, _ = duplicates
    listing = admin_client.get("/admin/participants/teacher/", {"q": keep.trn})
    assert listing.status_code == 200 and keep.trn.encode() in listing.content
    page = admin_client.get(f"/admin/participants/teacher/{keep.pk}/change/")
    assert b"training started" in page.content


def test_a_duplicate_unpaid_claim_becomes_ineligible_when_records_merge(duplicates):
    from declarations.models import Declaration

    keep, retire = duplicates
    for teacher in (keep, retire):
        period = teacher.training_periods.get()
        Declaration.objects.create(
            lead_provider=period.partnership.delivery_partnership.contract.lead_provider,
            teacher=teacher,
            training_period=period,
            course_identifier="ecf-induction",
            declaration_type="started",
            declaration_date=dt.datetime(2025, 9, 20, tzinfo=dt.UTC),
            cohort=period.schedule.cohort,
        )
    original = Declaration.objects.get(teacher=keep)
    services.teacher_merge(keep=keep, retire=retire, author_name="support")
    duplicate = Declaration.objects.exclude(pk=original.pk).get()
    assert duplicate.teacher == keep
    assert (duplicate.payment_state, duplicate.ineligible_reason, duplicate.superseded_by) == (
        "ineligible",
        "duplicate_declaration",
        original,
    )


def test_nothing_is_left_pointing_at_a_merged_record(duplicates):
    """Every kind of row that names a teacher follows a merge (docs/participants.md, "Merging duplicate records"):
    a model added later with a link to Teacher fails here until the merge moves it."""
    from declarations.models import Declaration

    keep, retire = duplicates
    period = retire.training_periods.get()
    claim = dict(
        lead_provider=period.partnership.delivery_partnership.contract.lead_provider,
        training_period=period,
        course_identifier="ecf-induction",
        declaration_date=dt.datetime(2026, 1, 20, tzinfo=dt.UTC),
        cohort=period.schedule.cohort,
    )
    Declaration.objects.create(teacher=retire, declaration_type="started", **claim)
    Declaration.objects.create(teacher=keep, mentor=retire, declaration_type="retained-1", **claim)
    ParticipantIdChange.objects.create(
        teacher=retire, from_participant_id=TeacherFactory().api_id, to_participant_id=retire.api_id
    )
    services.teacher_merge(keep=keep, retire=retire, author_name="support")
    for relation in Teacher._meta.related_objects:
        if relation.field.name == "merged_into":
            continue
        left = relation.related_model._base_manager.filter(**{relation.field.name: retire})
        assert not left.exists(), f"{relation.related_model._meta.label}.{relation.field.name} still names it"
