"""The participant resource (the published ECFParticipant; docs/participants.md), rendered by PostgreSQL (see
config.api.resources)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, Case, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from rest_framework import serializers

from config.api.resources import Attr, IsoDate, IsoTimestamp, JSONBuildObject, Resource
from participants import expressions as ex
from participants.models import MentorAtSchoolPeriod, ParticipantIdChange
from participants.models.teachers import full_name_expression
from participants.transfers import transfer_document, transfers_involving

WITHDRAWAL = serializers.DictField(allow_null=True, help_text="{reason, date} when withdrawn, else null")


def enrolment_document():
    return JSONBuildObject(
        training_record_id=ex.by_role(
            F("teacher__api_ect_training_record_id"), F("teacher__api_mentor_training_record_id")
        ),
        email=ex.by_role(F("ect_at_school_period__email"), F("mentor_at_school_period__email")),
        mentor_id=ex.by_role(ex.current_mentor_id(), Value(None)),
        school_urn=F("school__urn"),
        participant_type=F("role"),
        cohort=ex.cohort_text(),
        training_status=ex.training_status(),
        participant_status=ex.participant_status(),
        teacher_reference_number_validated=F("teacher__trn_validated"),
        eligible_for_funding=ex.eligible_for_funding(),
        pupil_premium_uplift=ex.uplift("pupil_premium_uplift"),
        sparsity_uplift=ex.uplift("sparsity_uplift"),
        schedule_identifier=F("schedule__identifier"),
        delivery_partner_id=F("partnership__delivery_partnership__delivery_partner__api_id"),
        withdrawal=Case(
            When(
                ex.withdrawn(), then=JSONBuildObject(reason=F("withdrawal_reason"), date=IsoTimestamp("withdrawn_at"))
            ),
            default=Value(None),
        ),
        deferral=Case(
            When(ex.deferred(), then=JSONBuildObject(reason=F("deferral_reason"), date=IsoTimestamp("deferred_at"))),
            default=Value(None),
        ),
        created_at=IsoTimestamp(ex.training_record_created_at()),
        induction_end_date=ex.by_role(IsoDate("teacher__induction_end_date"), Value(None)),
        mentor_funding_end_date=ex.by_role(Value(None), IsoDate("teacher__mentor_funding_end_date")),
        cohort_changed_after_payments_frozen=ex.by_role(
            F("teacher__ect_cohort_changed_after_payments_frozen"),
            F("teacher__mentor_cohort_changed_after_payments_frozen"),
            output_field=BooleanField(),
        ),
        mentor_ineligible_for_funding_reason=ex.by_role(
            Value(None), ex.blank_as_null("teacher__mentor_ineligible_for_funding_reason")
        ),
    )


def _enrolments(context):
    periods = (
        ex.latest_for_lead_provider(context["lead_provider"])
        .filter(teacher=OuterRef("pk"))
        .order_by("role")
        .values_list(enrolment_document())
    )
    return ArraySubquery(periods)


def _id_changes(context):
    changes = (
        ParticipantIdChange.objects.filter(teacher=OuterRef("pk"))
        .order_by("-changed_at", "-id")
        .values_list(
            JSONBuildObject(
                from_participant_id=F("from_participant_id"),
                to_participant_id=F("to_participant_id"),
                changed_at=IsoTimestamp("changed_at"),
            )
        )
    )
    return ArraySubquery(changes)


STAMP = "2021-05-31T02:22:32.000Z"


class ParticipantResource(Resource):
    type = "participant"
    example = {
        "full_name": "Jane Smith",
        "teacher_reference_number": "1234567",
        "updated_at": STAMP,
        "ecf_enrolments": [
            {
                "training_record_id": "000a97ff-d2a9-4779-a397-9bfd9063072e",
                "email": "jane.smith@some-school.example.com",
                "mentor_id": "bb36d74a-68a7-47b6-86b6-1fd0d141c590",
                "school_urn": "106286",
                "participant_type": "ect",
                "cohort": "2021",
                "training_status": "active",
                "participant_status": "active",
                "teacher_reference_number_validated": True,
                "eligible_for_funding": True,
                "pupil_premium_uplift": True,
                "sparsity_uplift": True,
                "schedule_identifier": "ecf-standard-january",
                "delivery_partner_id": "cd3a1234-7308-4879-942a-c4a70ced400a",
                "withdrawal": None,
                "deferral": None,
                "created_at": STAMP,
                "induction_end_date": "2022-01-12",
                "mentor_funding_end_date": None,
                "cohort_changed_after_payments_frozen": False,
                "mentor_ineligible_for_funding_reason": None,
            }
        ],
        "participant_id_changes": [
            {
                "from_participant_id": "23dd8d66-e11f-4139-9001-86b4f9abcb02",
                "to_participant_id": "ac3d1243-7308-4879-942a-c4a70ced400a",
                "changed_at": STAMP,
            }
        ],
    }

    full_name = Attr(serializers.CharField(), full_name_expression())
    teacher_reference_number = Attr(serializers.CharField(allow_null=True), "trn")
    updated_at = Attr(serializers.DateTimeField(), IsoTimestamp("api_updated_at"))
    ecf_enrolments = Attr(serializers.ListField(child=serializers.DictField()), build=_enrolments)
    participant_id_changes = Attr(serializers.ListField(child=serializers.DictField()), build=_id_changes)


def _transfers(context):
    transfers = (
        transfers_involving(context["lead_provider"])
        .filter(teacher=OuterRef("pk"))
        .order_by("created_at", "id")
        .values_list(transfer_document())
    )
    return ArraySubquery(transfers)


class TransferResource(Resource):
    """A participant's transfers between schools that involve the requesting provider."""

    type = "participant-transfer"
    example = {
        "updated_at": STAMP,
        "transfers": [
            {
                "training_record_id": "000a97ff-d2a9-4779-a397-9bfd9063072e",
                "transfer_type": "new_provider",
                "status": "complete",
                "leaving": {"school_urn": "123456", "provider": "Old Institute", "date": "2021-05-31"},
                "joining": {"school_urn": "654321", "provider": "New Institute", "date": "2021-06-01"},
                "created_at": STAMP,
            }
        ],
    }

    updated_at = Attr(serializers.DateTimeField(), IsoTimestamp(Coalesce("transfers_updated_at", "api_updated_at")))
    transfers = Attr(serializers.ListField(child=serializers.DictField()), build=_transfers)


def _latest_mentor_email():
    # Every mentor registration carries an email (docs/participants.md, "Emails").
    emails = MentorAtSchoolPeriod.objects.filter(teacher=OuterRef("pk")).order_by("-started_on").values("email")[:1]
    return Subquery(emails)


class UnfundedMentorResource(Resource):
    type = "unfunded-mentor"
    example = {
        "full_name": "Jane Smith",
        "email": "jane.smith@some-school.example.com",
        "teacher_reference_number": "1234567",
        "created_at": STAMP,
        "updated_at": STAMP,
    }

    full_name = Attr(serializers.CharField(), ParticipantResource.attributes["full_name"].expression)
    email = Attr(serializers.EmailField(), _latest_mentor_email())
    teacher_reference_number = Attr(serializers.CharField(allow_null=True), "trn")
    created_at = Attr(serializers.DateTimeField(), IsoTimestamp("created_at"))
    updated_at = Attr(serializers.DateTimeField(), IsoTimestamp("api_unfunded_mentor_updated_at"))
