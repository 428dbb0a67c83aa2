"""Request body of POST /participant-declarations (shape only: the rules live in declarations.services)."""

from rest_framework import serializers

from declarations.models import CourseIdentifier, EvidenceHeld
from partnerships.models import DeclarationType


class DeclarationCreateAttributes(serializers.Serializer):
    participant_id = serializers.UUIDField(help_text="The unique ID of the participant")
    declaration_type = serializers.ChoiceField(choices=DeclarationType.values)
    declaration_date = serializers.DateTimeField(help_text="RFC 3339 date and time of the event")
    course_identifier = serializers.ChoiceField(choices=CourseIdentifier.values)
    evidence_held = serializers.ChoiceField(
        choices=EvidenceHeld.values, required=False, help_text="Required except for started declarations"
    )
    has_passed = serializers.BooleanField(required=False, allow_null=True, help_text="Ignored for ECF courses")
