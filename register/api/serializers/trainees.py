from rest_framework import serializers

from register.models import CodeList, Trainee
from register.reference_data import code_table

from .children import DegreeSerializer, NestedPlacementSerializer
from .fields import RegisterModelSerializer, constant

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
# Keys the published trainee carries for Register's own screens; through the API they never vary.
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


# The published GET /trainees/{trainee_id} example in its order; keys only its POST example shows come before the
# placements and degrees, and each disabilityN key follows `ethnicity` as in that POST example.
RESPONSE_ORDER = (
    "trainee_id provider_trainee_id first_names last_name date_of_birth created_at updated_at email middle_names "
    "training_route sex diversity_disclosure ethnic_group ethnic_background additional_ethnic_background "
    "disability_disclosure course_subject_one itt_start_date outcome_date itt_end_date trn submitted_for_trn_at state "
    "withdraw_date defer_date defer_reason recommended_for_award_at trainee_start_date reinstate_date course_min_age "
    "course_max_age course_subject_two course_subject_three awarded_at training_initiative applying_for_bursary "
    "bursary_tier study_mode ebacc region applying_for_scholarship course_education_phase applying_for_grant "
    "course_uuid lead_partner_not_applicable employing_school_not_applicable submission_ready commencement_status "
    "discarded_at created_from_dttp hesa_id additional_dttp_data created_from_hesa hesa_updated_at record_source "
    "iqts_country hesa_editable withdraw_reasons_dfe_details placement_detail ukprn ethnicity course_qualification "
    "course_title course_level course_itt_start_date course_age_range expected_end_date employing_school_urn "
    "lead_partner_ukprn lead_partner_urn fund_code bursary_level course_year funding_method itt_aim "
    "itt_qualification_aim ni_number previous_last_name hesa_disabilities additional_training_initiative "
    "withdrawal_future_interest withdrawal_trigger withdrawal_reasons withdrawal_another_reason slug_sent_to_dqt_at "
    "course_study_mode pg_apprenticeship_start_date nationality withdraw_reasons application_id placements degrees"
).split()


class TraineeSerializer(RegisterModelSerializer):
    trainee_id = serializers.CharField(source="slug", read_only=True)
    ukprn = serializers.CharField(source="training_provider.ukprn", read_only=True)
    course_itt_start_date = serializers.DateField(source="itt_start_date", read_only=True)
    expected_end_date = serializers.DateField(source="itt_end_date", read_only=True)
    course_study_mode = serializers.CharField(source="study_mode", read_only=True)
    bursary_level = serializers.CharField(source="funding_method", read_only=True)
    applying_for_bursary = serializers.SerializerMethodField()
    bursary_tier = serializers.SerializerMethodField()
    applying_for_scholarship = serializers.SerializerMethodField()
    applying_for_grant = serializers.SerializerMethodField()
    withdraw_reasons = serializers.SerializerMethodField()
    # The published examples answer the year of the course as text ("course_year": "2"; docs/register-api.md).
    course_year = serializers.CharField(read_only=True)
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
            "applying_for_bursary",
            "bursary_tier",
            "applying_for_scholarship",
            "applying_for_grant",
            "withdraw_reasons",
            "placements",
            "degrees",
        ]
        read_only_fields = fields

    def get_fields(self):
        fields = super().get_fields()
        return fields | {name: constant(value) for name, value in CONSTANTS.items()}

    def _funding(self, trainee) -> tuple[str, str | None]:
        """The funding type and bursary tier of the trainee's funding method (docs/register-api.md, "Funding")."""
        # One read of the bursary-level list per serializer, however many trainees it renders.
        if not hasattr(self, "_bursary_levels"):
            self._bursary_levels = code_table(CodeList.BURSARY_LEVEL)
        entry = self._bursary_levels.get(trainee.funding_method)
        return (entry.attr("funding_type"), entry.attr("bursary_tier") or None) if entry else ("none", None)

    def get_applying_for_bursary(self, trainee) -> bool:
        return self._funding(trainee)[0] == "bursary"

    def get_bursary_tier(self, trainee) -> str | None:
        return self._funding(trainee)[1]

    def get_applying_for_scholarship(self, trainee) -> bool:
        return self._funding(trainee)[0] == "scholarship"

    def get_applying_for_grant(self, trainee) -> bool:
        return self._funding(trainee)[0] == "grant"

    def get_withdraw_reasons(self, trainee) -> list[str]:
        return trainee.withdrawal_reasons or []

    def to_representation(self, trainee):
        data = super().to_representation(trainee)
        # Each sent disabilityN slot is echoed as its own key as well as inside hesa_disabilities.
        disabilities = dict(sorted((trainee.hesa_disabilities or {}).items()))
        ordered = {}
        for name in RESPONSE_ORDER:
            ordered[name] = data[name]
            if name == "ethnicity":
                ordered.update(disabilities)
        return ordered
