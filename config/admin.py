from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The audit trail in business terms: who did what to which record, and when. Nobody edits it."""

    list_display = ["happened_at", "event_type", "heading", "author_type", "author_name"]
    list_filter = ["event_type", "author_type"]
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
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
