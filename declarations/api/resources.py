"""The `participant-declaration` resource (the published ParticipantDeclarationAttributes;
docs/declarations.md, "The resource")."""

from django.db.models import BooleanField, Case, Q, TextField, Value, When
from django.db.models.functions import Cast, NullIf
from rest_framework import serializers

from config.api.resources import Attr, Resource, SecondTimestamp
from declarations.models import (
    UPLIFTED,
    CourseIdentifier,
    EvidenceHeld,
    IneligibleReason,
    PaymentState,
    api_state_expression,
)
from partnerships.models import DeclarationType

API_STATES = [
    "submitted",
    "eligible",
    "payable",
    "paid",
    "voided",
    "ineligible",
    "awaiting-clawback",
    "clawed-back",
]


STATEMENT_ID = Case(
    When(
        payment_state__in=[PaymentState.ELIGIBLE, PaymentState.PAYABLE, PaymentState.PAID],
        then=Cast("statement__api_id", TextField()),
    ),
    default=Value(None),
    output_field=TextField(),
)
# A voided duplicate keeps its reason in the database, but the reason is only for declarations still ineligible.
INELIGIBLE_REASON = Case(
    When(payment_state=PaymentState.INELIGIBLE, then=NullIf("ineligible_reason", Value(""))),
    default=Value(None),
    output_field=TextField(),
)
# A paid ECT claim that carries an uplift (docs/declarations.md, "The resource").
UPLIFT_PAID = Case(
    When(
        UPLIFTED & Q(course_identifier=CourseIdentifier.ECF_INDUCTION, payment_state=PaymentState.PAID),
        then=Value(True),
    ),
    default=Value(False),
    output_field=BooleanField(),
)


class DeclarationResource(Resource):
    example = {
        "participant_id": "08d78829-f864-417f-8a30-cb7655714e28",
        "declaration_type": "started",
        "declaration_date": "2020-11-13T11:21:55Z",
        "course_identifier": "ecf-induction",
        "state": "eligible",
        "updated_at": "2020-11-13T11:21:55Z",
        "created_at": "2020-11-13T11:21:55Z",
        "delivery_partner_id": "99ca2223-8c1f-4ac8-985d-a0672e97694e",
        "statement_id": "99ca2223-8c1f-4ac8-985d-a0672e97694e",
        "clawback_statement_id": None,
        "ineligible_for_funding_reason": None,
        "mentor_id": "907f61ed-5770-4d38-b22c-1a4265939378",
        "uplift_paid": True,
        "evidence_held": "other",
        "has_passed": None,
        "lead_provider_name": "Example Institute",
    }
    type = "participant-declaration"

    participant_id = Attr(serializers.UUIDField(help_text="The unique id of the participant"), "teacher__api_id")
    declaration_type = Attr(serializers.ChoiceField(choices=DeclarationType.values))
    declaration_date = Attr(serializers.DateTimeField(), SecondTimestamp("declaration_date"))
    course_identifier = Attr(serializers.ChoiceField(choices=CourseIdentifier.values))
    state = Attr(serializers.ChoiceField(choices=API_STATES), api_state_expression())
    updated_at = Attr(serializers.DateTimeField(), SecondTimestamp("updated_at"))
    created_at = Attr(serializers.DateTimeField(), SecondTimestamp("created_at"))
    delivery_partner_id = Attr(
        serializers.UUIDField(allow_null=True, help_text="The participant's delivery partner on the declaration date"),
        "delivery_partner__api_id",
    )
    statement_id = Attr(
        serializers.UUIDField(allow_null=True, help_text="The statement the declaration will be paid on"),
        STATEMENT_ID,
    )
    clawback_statement_id = Attr(
        serializers.UUIDField(allow_null=True, help_text="The statement the declaration will be clawed back on"),
        "clawback_statement__api_id",
    )
    ineligible_for_funding_reason = Attr(
        serializers.ChoiceField(choices=IneligibleReason.values[1:], allow_null=True),
        INELIGIBLE_REASON,
    )
    mentor_id = Attr(serializers.UUIDField(allow_null=True, help_text="The ECT's mentor"), "mentor__api_id")
    uplift_paid = Attr(serializers.BooleanField(), UPLIFT_PAID)
    evidence_held = Attr(
        serializers.ChoiceField(choices=EvidenceHeld.values, allow_null=True), NullIf("evidence_held", Value(""))
    )
    has_passed = Attr(
        serializers.BooleanField(allow_null=True, help_text="Always null for ECF"), Cast(Value(None), BooleanField())
    )
    lead_provider_name = Attr(
        serializers.CharField(help_text="The provider that submitted the declaration"), "lead_provider__name"
    )
