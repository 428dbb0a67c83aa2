"""Declarations for DfE staff: searchable, read-only (they change only through services), voidable."""

from django.contrib import admin, messages

from config.admin_base import StaffModelAdmin
from config.errors import DomainValidationError
from config.models import AuthorType

from . import services
from .models import Declaration


@admin.register(Declaration)
class DeclarationAdmin(StaffModelAdmin):
    list_display = (
        "api_id",
        "teacher",
        "lead_provider",
        "course_identifier",
        "declaration_type",
        "declaration_date",
        "payment_state",
        "clawback_state",
        "statement",
    )
    list_filter = ("payment_state", "clawback_state", "declaration_type", "course_identifier", "cohort")
    list_select_related = ("teacher", "lead_provider", "statement", "statement__cohort")
    search_fields = ("api_id", "teacher__trn", "teacher__api_id")
    ordering = ("created_at", "id")
    actions = ["void_declarations"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Declaration._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_void_permission(self, request) -> bool:
        return request.user.has_perm("declarations.void_declaration")

    @admin.action(description="Void (or claw back when paid)", permissions=["void"])
    def void_declarations(self, request, queryset):
        for declaration in queryset:
            try:
                services.declaration_void(
                    declaration=declaration,
                    author_type=AuthorType.DFE_STAFF_USER,
                    author_name=request.user.get_username(),
                )
            except DomainValidationError as error:
                self.message_user(request, f"{declaration.api_id}: {error.errors[0][1]}", level=messages.ERROR)
