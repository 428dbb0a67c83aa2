from django.contrib import admin

from config.admin_base import StaffHistoryAdmin

from .models import School


@admin.register(School)
class SchoolAdmin(StaffHistoryAdmin):
    list_display = [
        "urn",
        "name",
        "gias_status",
        "establishment_type_code",
        "section_41_approved",
        "induction_tutor_name",
        "eligible",
    ]
    list_filter = ["gias_status", "section_41_approved"]
    search_fields = ["urn", "name", "induction_tutor_name", "induction_tutor_email"]
    readonly_fields = ["api_id", "created_at", "updated_at", "api_updated_at"]

    @admin.display(boolean=True, description="Eligible for funding")
    def eligible(self, obj):
        return obj.eligible_for_funding
