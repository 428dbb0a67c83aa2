from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.html import format_html
from procrastinate.contrib.django.admin import ProcrastinateJobAdmin
from procrastinate.contrib.django.models import ProcrastinateJob

from .admin_base import ReadOnlyModelAdmin, StaffAdminMixin
from .admin_filters import StatusClassFilter, TextInputFilter
from .api.request_log import ID
from .models import ApiRequest, Event
from .service import SERVICE_NAME

# The admin carries the service's one name too (config/service.py).
admin.site.site_header = admin.site.site_title = SERVICE_NAME


@admin.register(Event)
class EventAdmin(ReadOnlyModelAdmin):
    """The audit trail in business terms: who did what to which record, and when. Nobody edits it."""

    list_display = ["happened_at", "event_type", "heading", "author_type", "author_name", "source"]
    list_filter = ["event_type", "author_type", "source"]
    search_fields = ["heading", "author_name", "metadata"]
    date_hierarchy = "happened_at"
    readonly_fields = [
        "event_type",
        "heading",
        "happened_at",
        "author_type",
        "author_name",
        "subject_type",
        "subject_id",
        "metadata",
        "source",
        "changes",
    ]


class ProviderFilter(TextInputFilter):
    title = "provider"
    parameter_name = "provider"

    def queryset(self, request, queryset):
        typed = self.typed()
        return queryset.filter(provider__icontains=typed) if typed else queryset


def _pre(text: str):
    return format_html('<pre style="white-space: pre-wrap">{}</pre>', text) if text else "-"


@admin.register(ApiRequest)
class ApiRequestAdmin(ReadOnlyModelAdmin):
    """What a lead provider or training provider sent and what it got back (docs/support.md, "API request log"):
    search by path, or by a participant, trainee or declaration id; filter by provider, status, API and method."""

    list_display = ["requested_at", "provider", "method", "path_and_query", "status", "duration"]
    list_filter = [ProviderFilter, StatusClassFilter, "api", "method"]
    search_fields = ["path"]
    search_help_text = "A path (or part of one), or a participant, trainee or declaration id"
    date_hierarchy = "requested_at"
    show_full_result_count = False
    fields = [
        "requested_at",
        "api_shown",
        "provider",
        "method",
        "path",
        "query",
        "status",
        "duration",
        "ids_shown",
        "request_body_shown",
        "response_body_shown",
    ]
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        """An id finds every request that named it (its path, filters or body); anything else searches paths."""
        term = search_term.strip()
        if ID.match(term):
            return queryset.filter(ids__contains=[term]), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="Path and query", ordering="path")
    def path_and_query(self, obj):
        return f"{obj.path}?{obj.query}" if obj.query else obj.path

    @admin.display(description="Duration", ordering="duration_ms")
    def duration(self, obj):
        return f"{obj.duration_ms:.0f} ms"

    @admin.display(description="API")
    def api_shown(self, obj):
        return obj.get_api_display()

    @admin.display(description="Ids the request named")
    def ids_shown(self, obj):
        return ", ".join(obj.ids) or "-"

    @admin.display(description="Request body (4xx and 5xx only; personal data removed)")
    def request_body_shown(self, obj):
        return _pre(obj.request_body)

    @admin.display(description="Error document (personal data removed)")
    def response_body_shown(self, obj):
        return _pre(obj.response_body)


# Admins of Django's and django-axes' own models (users, groups, sign-in records) get the same 403 behaviour.
# Their apps come before `config` in INSTALLED_APPS, so they are registered by now.
for _model, _model_admin in list(admin.site._registry.items()):
    if not isinstance(_model_admin, StaffAdminMixin):
        admin.site.unregister(_model)
        admin.site.register(
            _model, type(f"Staff{type(_model_admin).__name__}", (StaffAdminMixin, type(_model_admin)), {})
        )


# django-axes' clean-up action deletes rows, so it needs the delete permission like any other.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class StaffAccessAttemptAdmin(StaffAdminMixin, AccessAttemptAdmin):
    actions = ["cleanup_expired_attempts"]

    @admin.action(description="Clean up expired attempts", permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        return AccessAttemptAdmin.cleanup_expired_attempts(self, request, queryset)


# The job queue's own admin (procrastinate): its retry, cancel and abort actions act on the service's background work,
# so only a superuser runs them (docs/security.md §1); everyone else with the view permission reads the jobs.
admin.site.unregister(ProcrastinateJob)


@admin.register(ProcrastinateJob)
class StaffProcrastinateJobAdmin(StaffAdminMixin, ProcrastinateJobAdmin):
    actions = ["retry_jobs", "cancel_jobs", "abort_jobs"]

    def has_manage_jobs_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(description="Retry the selected failed or stalled jobs", permissions=["manage_jobs"])
    def retry_jobs(self, request, queryset):
        return ProcrastinateJobAdmin.retry(self, request, queryset)

    @admin.action(description="Cancel the selected waiting jobs", permissions=["manage_jobs"])
    def cancel_jobs(self, request, queryset):
        return ProcrastinateJobAdmin.cancel(self, request, queryset)

    @admin.action(description="Abort the selected waiting or running jobs", permissions=["manage_jobs"])
    def abort_jobs(self, request, queryset):
        return ProcrastinateJobAdmin.abort(self, request, queryset)
