from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from register.models import Degree, Placement

from .fields import Constant, ReferenceUUID, RegisterModelSerializer, ResponseCode


class NestedPlacementSerializer(RegisterModelSerializer):
    placement_id = serializers.CharField(source="slug", read_only=True)
    address = serializers.CharField(
        read_only=True, allow_null=True, help_text="`URN <urn>, <postcode>`; null when the placement has neither"
    )

    class Meta:
        model = Placement
        fields = ["placement_id", "urn", "name", "address", "postcode", "created_at", "updated_at"]
        read_only_fields = fields
        extra_kwargs = {
            "urn": {"help_text": "Null when only a name was sent (a placement needs a URN or a name)"},
            "name": {"help_text": "The name sent, or the known school's name; null when only an unknown URN was sent"},
        }


class PlacementSerializer(NestedPlacementSerializer):
    # Register has no schools table, so a placement is never linked to a school record.
    school_id = Constant(None)

    class Meta(NestedPlacementSerializer.Meta):
        fields = ["placement_id", "school_id", "urn", "name", "address", "postcode", "created_at", "updated_at"]
        read_only_fields = fields


class DegreeSerializer(RegisterModelSerializer):
    degree_id = serializers.CharField(source="slug", read_only=True)
    uk_degree = ResponseCode(allow_null=True)
    non_uk_degree = ResponseCode(allow_null=True)
    subject = ResponseCode()
    institution = ResponseCode(allow_null=True, help_text="Null for a non-UK degree (required only for UK degrees)")
    grade = ResponseCode(allow_null=True)
    country = ResponseCode(allow_null=True)
    institution_uuid = ReferenceUUID(source="institution", allow_null=True, help_text="Null for a non-UK degree")
    uk_degree_uuid = ReferenceUUID(source="uk_degree", allow_null=True, help_text="Null for a non-UK degree")
    subject_uuid = ReferenceUUID(source="subject")
    grade_uuid = ReferenceUUID(source="grade", allow_null=True, help_text="Null when a non-UK degree has no grade")
    locale_code = serializers.SerializerMethodField(help_text="`uk` or `non_uk` (read-only)")

    class Meta:
        model = Degree
        fields = [
            "degree_id",
            "uk_degree",
            "non_uk_degree",
            "created_at",
            "updated_at",
            "subject",
            "institution",
            "graduation_year",
            "grade",
            "country",
            "other_grade",
            "institution_uuid",
            "uk_degree_uuid",
            "subject_uuid",
            "grade_uuid",
            "locale_code",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["uk", "non_uk"]))
    def get_locale_code(self, degree) -> str:
        # A UK degree is stored without a country (docs/register-api.md, "Degrees").
        return "uk" if degree.country is None else "non_uk"
