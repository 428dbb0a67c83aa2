from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import AcademicCycle, Degree, Placement, ReferenceCode, Trainee, TrainingProvider, TrainingProviderAPIToken


class TokenInline(admin.TabularInline):
    model = TrainingProviderAPIToken
    extra = 0
    fields = ["description", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TrainingProvider)
class TrainingProviderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "ukprn", "created_at"]
    search_fields = ["name", "ukprn"]
    inlines = [TokenInline]
    actions = ["issue_api_token"]

    @admin.action(description="Issue a new Register API token (shown once)")
    def issue_api_token(self, request, queryset):
        for provider in queryset:
            _, raw = services.api_token_create(training_provider=provider, description=f"Issued by {request.user}")
            self.message_user(
                request,
                f"New API token for {provider.name}: {raw} (copy it now: it is not shown again)",
                messages.WARNING,
            )


@admin.register(TrainingProviderAPIToken)
class TrainingProviderAPITokenAdmin(SimpleHistoryAdmin):
    list_display = ["training_provider", "description", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["training_provider", ("revoked_at", admin.EmptyFieldListFilter)]
    fields = ["training_provider", "description", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "training_provider"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # The raw token exists only here, so it is shown once and never stored.
        token, raw = services.api_token_create(training_provider=obj.training_provider, description=obj.description)
        obj.pk = token.pk
        self.message_user(request, f"New API token: {raw} (copy it now: it is not shown again)", messages.WARNING)

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            services.api_token_revoke(token=token)
        self.message_user(request, f"Revoked {queryset.count()} token(s).")


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
class TraineeAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "first_names", "last_name", "trn", "state", "training_provider", "updated_at"]
    list_filter = ["state", "start_academic_year", "training_route"]
    search_fields = ["slug", "first_names", "last_name", "trn", "training_provider__name", "training_provider__ukprn"]
    list_select_related = ["training_provider"]
    readonly_fields = ["slug", "state", "created_at", "updated_at"]
    inlines = [PlacementInline, DegreeInline]


@admin.register(ReferenceCode)
class ReferenceCodeAdmin(SimpleHistoryAdmin):
    list_display = ["code_list", "code", "qualifier", "label"]
    list_filter = ["code_list"]
    search_fields = ["code", "label"]


@admin.register(AcademicCycle)
class AcademicCycleAdmin(admin.ModelAdmin):
    list_display = ["start_year", "start_date", "end_date"]
