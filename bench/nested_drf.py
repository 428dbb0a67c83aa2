"""The usual way to build the participants page: nested DRF ModelSerializers over prefetched rows.

Only for comparison in bench/participants_page.py; it covers the same fields as the API's enrolments.
"""

from django.db.models import Prefetch
from rest_framework import serializers

from participants.expressions import training_status
from participants.models import Teacher, TrainingPeriod


class EnrolmentSerializer(serializers.ModelSerializer):
    training_record_id = serializers.SerializerMethodField()
    email = serializers.CharField(source="ect_at_school_period.email")
    school_urn = serializers.CharField(source="school.urn")
    participant_type = serializers.CharField(source="role")
    cohort = serializers.SerializerMethodField()
    schedule_identifier = serializers.CharField(source="schedule.identifier")
    delivery_partner_id = serializers.UUIDField(source="partnership.delivery_partnership.delivery_partner.api_id")
    training_status = serializers.CharField()
    participant_status = serializers.SerializerMethodField()
    eligible_for_funding = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="teacher.created_at")

    class Meta:
        model = TrainingPeriod
        fields = [
            "training_record_id",
            "email",
            "school_urn",
            "participant_type",
            "cohort",
            "training_status",
            "participant_status",
            "eligible_for_funding",
            "schedule_identifier",
            "delivery_partner_id",
            "created_at",
        ]

    def get_training_record_id(self, period):
        return str(period.teacher.api_ect_training_record_id)

    def get_cohort(self, period):
        return str(period.schedule.cohort.start_year)

    def get_participant_status(self, period):
        return "left" if period.finished_on else "active"

    def get_eligible_for_funding(self, period):
        return period.teacher.ect_first_became_eligible_for_funding_at is not None


class ParticipantSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField()
    teacher_reference_number = serializers.CharField(source="trn")
    updated_at = serializers.DateTimeField(source="api_updated_at")
    ecf_enrolments = EnrolmentSerializer(source="lp_periods", many=True)

    class Meta:
        model = Teacher
        fields = ["id", "full_name", "teacher_reference_number", "updated_at", "ecf_enrolments"]


def nested_drf_page(lead_provider, per_page: int) -> list:
    periods = (
        TrainingPeriod.objects.filter(partnership__delivery_partnership__contract__lead_provider=lead_provider)
        .annotate(
            # The service's own rule (participants/expressions.py), as any serializer of it would read it.
            training_status=training_status()
        )
        .select_related(
            "teacher",
            "school",
            "ect_at_school_period",
            "schedule__cohort",
            "partnership__delivery_partnership__delivery_partner",
        )
    )
    teachers = (
        Teacher.objects.filter(
            training_periods__partnership__delivery_partnership__contract__lead_provider=lead_provider
        )
        .distinct()
        .order_by("created_at", "pk")
        .prefetch_related(Prefetch("training_periods", queryset=periods, to_attr="lp_periods"))[:per_page]
    )
    return ParticipantSerializer(teachers, many=True).data
