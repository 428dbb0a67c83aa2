from django.contrib import admin

from config.admin_base import StaffHistoryAdmin, StaffModelAdmin
from config.admin_tokens import IssueTokenAction, TokenAdmin, token_inline

from .models import (
    AcademicCycle,
    Degree,
    LeadPartner,
    Placement,
    ReferenceCode,
    Trainee,
    TrainingProvider,
    TrainingProviderAPIToken,
)


@admin.register(TrainingProvider)
class TrainingProviderAdmin(IssueTokenAction, StaffHistoryAdmin):
    token_model = TrainingProviderAPIToken
    list_display = ["name", "ukprn", "created_at"]
    search_fields = ["name", "ukprn"]
    inlines = [token_inline(TrainingProviderAPIToken)]


@admin.register(LeadPartner)
class LeadPartnerAdmin(StaffHistoryAdmin):
    """Trainees sent with a lead partner's URN or UKPRN are linked to it (docs/register-api.md)."""

    list_display = ["name", "urn", "ukprn", "updated_at"]
    search_fields = ["name", "urn", "ukprn"]


@admin.register(TrainingProviderAPIToken)
class TrainingProviderAPITokenAdmin(TokenAdmin):
    pass


class PlacementInline(admin.TabularInline):
    model = Placement
    extra = 0
    fields = ["slug", "urn", "name", "postcode", "created_at"]
    readonly_fields = fields


class DegreeInline(admin.TabularInline):
    model = Degree
    extra = 0
    fields = ["slug", "subject", "uk_degree", "non_uk_degree", "grade", "institution", "country", "graduation_year"]
    readonly_fields = fields


@admin.register(Trainee)
class TraineeAdmin(StaffHistoryAdmin):
    list_display = ["slug", "first_names", "last_name", "trn", "state", "training_provider", "updated_at"]
    list_filter = ["state", "start_academic_year", "training_route"]
    search_fields = ["slug", "first_names", "last_name", "trn", "training_provider__name", "training_provider__ukprn"]
    list_select_related = ["training_provider"]
    raw_id_fields = ["lead_partner", "employing_school"]
    readonly_fields = ["slug", "state", "created_at", "updated_at"]
    inlines = [PlacementInline, DegreeInline]


@admin.register(ReferenceCode)
class ReferenceCodeAdmin(StaffHistoryAdmin):
    list_display = ["code_list", "code", "qualifier", "label"]
    list_filter = ["code_list"]
    search_fields = ["code", "label"]


@admin.register(AcademicCycle)
class AcademicCycleAdmin(StaffModelAdmin):
    list_display = ["start_year", "start_date", "end_date"]
