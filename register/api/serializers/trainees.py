from rest_framework import serializers

from register.models import Trainee

from .children import DegreeSerializer, NestedPlacementSerializer
from .fields import Constant

MODEL_FIELDS = [
    "first_names",
    "last_name",
    "date_of_birth",
    "created_at",
    "updated_at",
    "email",
    "middle_names",
    "training_route",
    "sex",
    "diversity_disclosure",
    "ethnic_group",
    "ethnic_background",
    "additional_ethnic_background",
    "disability_disclosure",
    "course_subject_one",
    "itt_start_date",
    "outcome_date",
    "itt_end_date",
    "trn",
    "submitted_for_trn_at",
    "withdraw_date",
    "defer_date",
    "defer_reason",
    "recommended_for_award_at",
    "trainee_start_date",
    "reinstate_date",
    "course_min_age",
    "course_max_age",
    "course_subject_two",
    "course_subject_three",
    "awarded_at",
    "training_initiative",
    "study_mode",
    "course_education_phase",
    "hesa_id",
    "record_source",
    "withdrawal_future_interest",
    "withdrawal_trigger",
    "withdrawal_reasons",
    "withdrawal_another_reason",
    "provider_trainee_id",
    "ethnicity",
    "course_qualification",
    "course_level",
    "course_age_range",
    "employing_school_urn",
    "lead_partner_ukprn",
    "lead_partner_urn",
    "fund_code",
    "previous_last_name",
    "itt_aim",
    "course_year",
    "pg_apprenticeship_start_date",
    "funding_method",
    "ni_number",
    "additional_training_initiative",
    "itt_qualification_aim",
    "hesa_disabilities",
    "nationality",
    "state",
    "application_id",
]
# Keys seed 003's trainee carries for Register's own screens; through the API they never vary.
CONSTANTS = {
    "ebacc": False,
    "region": None,
    "course_uuid": None,
    "lead_partner_not_applicable": True,
    "employing_school_not_applicable": True,
    "submission_ready": True,
    "commencement_status": None,
    "discarded_at": None,
    "created_from_dttp": False,
    "additional_dttp_data": None,
    "created_from_hesa": False,
    "hesa_updated_at": None,
    "iqts_country": None,
    "hesa_editable": False,
    "withdraw_reasons_dfe_details": None,
    "slug_sent_to_dqt_at": None,
    "placement_detail": None,
    "course_title": None,
}


class TraineeSerializer(serializers.ModelSerializer):
    trainee_id = serializers.CharField(source="slug", read_only=True)
    ukprn = serializers.CharField(source="training_provider.ukprn", read_only=True)
    course_itt_start_date = serializers.DateField(source="itt_start_date", read_only=True)
    expected_end_date = serializers.DateField(source="itt_end_date", read_only=True)
    course_study_mode = serializers.CharField(source="study_mode", read_only=True)
    bursary_level = serializers.CharField(source="funding_method", read_only=True)
    withdraw_reasons = serializers.SerializerMethodField()
    placements = NestedPlacementSerializer(many=True, read_only=True)
    degrees = DegreeSerializer(many=True, read_only=True)

    class Meta:
        model = Trainee
        fields = [
            "trainee_id",
            *MODEL_FIELDS,
            "ukprn",
            "course_itt_start_date",
            "expected_end_date",
            "course_study_mode",
            "bursary_level",
            "withdraw_reasons",
            "placements",
            "degrees",
        ]
        read_only_fields = fields

    def get_fields(self):
        fields = super().get_fields()
        nested = {name: fields.pop(name) for name in ("placements", "degrees")}
        return fields | {name: Constant(value) for name, value in CONSTANTS.items()} | nested

    def get_withdraw_reasons(self, trainee) -> list[str]:
        return trainee.withdrawal_reasons or []

    def to_representation(self, trainee):
        data = super().to_representation(trainee)
        # Each sent disabilityN slot is echoed as its own key as well as inside hesa_disabilities.
        data.update(trainee.hesa_disabilities or {})
        return data
