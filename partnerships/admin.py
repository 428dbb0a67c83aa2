from django import forms
from django.contrib import admin

from config.admin_base import StaffHistoryAdmin
from config.admin_tokens import IssueTokenAction, TokenAdmin, token_inline
from config.errors import DomainValidationError

from . import services
from .models import (
    Cohort,
    DeliveryPartner,
    LeadProvider,
    LeadProviderAPIToken,
    LeadProviderContract,
    LeadProviderDeliveryPartnership,
    Milestone,
    Partnership,
    Schedule,
)
from .services.partnerships import partnership_refuse_exact_duplicate


@admin.register(Cohort)
class CohortAdmin(StaffHistoryAdmin):
    list_display = [
        "start_year",
        "registration_start_date",
        "academic_year_start_date",
        "enabled",
        "payments_frozen_at",
        "mentor_funding",
        "detailed_evidence_types",
    ]
    list_filter = ["enabled", "mentor_funding", "detailed_evidence_types"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["declaration_type", "name", "start_date", "milestone_date", "payment_date"]


@admin.register(Schedule)
class ScheduleAdmin(StaffHistoryAdmin):
    list_display = ["identifier", "cohort", "name", "schedule_type"]
    list_filter = ["cohort", "schedule_type"]
    search_fields = ["identifier", "name"]
    inlines = [MilestoneInline]


class ContractInline(admin.TabularInline):
    model = LeadProviderContract
    extra = 0


@admin.register(LeadProvider)
class LeadProviderAdmin(IssueTokenAction, StaffHistoryAdmin):
    token_model = LeadProviderAPIToken
    list_display = ["name", "api_id", "created_at"]
    search_fields = ["name", "api_id"]
    readonly_fields = ["api_id"]
    inlines = [ContractInline, token_inline(LeadProviderAPIToken)]


@admin.register(LeadProviderAPIToken)
class LeadProviderAPITokenAdmin(TokenAdmin):
    pass


@admin.register(DeliveryPartner)
class DeliveryPartnerAdmin(StaffHistoryAdmin):
    list_display = ["name", "api_id", "created_at", "api_updated_at"]
    search_fields = ["name", "api_id"]
    readonly_fields = ["api_id", "api_updated_at"]


@admin.register(LeadProviderDeliveryPartnership)
class LeadProviderDeliveryPartnershipAdmin(StaffHistoryAdmin):
    list_display = ["delivery_partner", "lead_provider", "cohort", "created_at"]
    list_filter = ["contract__cohort", "contract__lead_provider"]
    list_select_related = ["delivery_partner", "contract__lead_provider", "contract__cohort"]
    autocomplete_fields = ["delivery_partner"]
    search_fields = ["delivery_partner__name", "contract__lead_provider__name", "contract__cohort__start_year"]

    @admin.display(ordering="contract__lead_provider__name")
    def lead_provider(self, obj):
        return obj.contract.lead_provider

    @admin.display(ordering="contract__cohort__start_year")
    def cohort(self, obj):
        return obj.contract.cohort

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        pairing = services.delivery_partner_pair(
            lead_provider=obj.contract.lead_provider,
            delivery_partner=obj.delivery_partner,
            cohort=obj.contract.cohort,
        )
        obj.pk = pairing.pk


class PartnershipAdminForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["school", "delivery_partnership"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("school") and cleaned.get("delivery_partnership"):
            try:
                partnership_refuse_exact_duplicate(school=cleaned["school"], pairing=cleaned["delivery_partnership"])
            except DomainValidationError as error:
                raise forms.ValidationError([message for _, message in error.errors]) from None
        return cleaned


@admin.register(Partnership)
class PartnershipAdmin(StaffHistoryAdmin):
    """DfE staff find partnerships and add extra ones (a further delivery partner under the same provider)."""

    form = PartnershipAdminForm
    list_display = ["school_urn", "school", "lead_provider", "delivery_partner", "cohort", "created_at"]
    list_filter = [
        ("delivery_partnership__contract__cohort", admin.RelatedOnlyFieldListFilter),
        ("delivery_partnership__contract__lead_provider", admin.RelatedOnlyFieldListFilter),
        ("delivery_partnership__delivery_partner", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "school__urn",
        "school__name",
        "delivery_partnership__contract__lead_provider__name",
        "delivery_partnership__delivery_partner__name",
        "api_id",
    ]
    list_select_related = [
        "school",
        "delivery_partnership__delivery_partner",
        "delivery_partnership__contract__lead_provider",
        "delivery_partnership__contract__cohort",
    ]
    autocomplete_fields = ["school", "delivery_partnership"]
    readonly_fields = ["api_id", "created_at", "api_updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The delivery partner of an existing partnership is corrected by the lead provider through the API.
        return [*self.readonly_fields, "school", "delivery_partnership"] if obj else self.readonly_fields

    @admin.display(ordering="school__urn", description="URN")
    def school_urn(self, obj):
        return obj.school.urn

    @admin.display(ordering="delivery_partnership__contract__lead_provider__name")
    def lead_provider(self, obj):
        return obj.delivery_partnership.contract.lead_provider

    @admin.display(ordering="delivery_partnership__delivery_partner__name")
    def delivery_partner(self, obj):
        return obj.delivery_partnership.delivery_partner

    @admin.display(ordering="delivery_partnership__contract__cohort__start_year")
    def cohort(self, obj):
        return obj.delivery_partnership.contract.cohort

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = services.partnership_add_by_dfe(
            school=obj.school, pairing=obj.delivery_partnership, author_name=request.user.get_username()
        )
        obj.pk = created.pk
