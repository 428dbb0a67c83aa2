"""Finance's view of statements: what each one pays and claws back, and authorising payment."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.html import format_html_join

from config.admin_base import StaffModelAdmin
from config.api.errors import DomainValidationError

from . import services
from .models import Statement, StatementState


@admin.register(Statement)
class StatementAdmin(StaffModelAdmin):
    list_display = ("name", "lead_provider", "cohort", "cut_off_date", "payment_date", "output_fee", "state")
    list_filter = ("state", "output_fee", "cohort", "lead_provider")
    list_select_related = ("lead_provider", "cohort")
    ordering = ("payment_date", "id")
    search_fields = ("api_id",)
    readonly_fields = (
        "api_id",
        "state",
        "marked_as_paid_at",
        "claims_by_state_and_type",
        "uplifts",
        "totals",
        "created_at",
        "updated_at",
    )
    actions = ["authorise_for_payment"]

    def has_change_permission(self, request, obj=None):
        # A paid statement is final (the database refuses changes too).
        if obj is not None and obj.state == StatementState.PAID:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    # Paying money is a change: staff who may only look at statements do not get the action.
    @admin.action(description="Authorise selected payable statements for payment", permissions=["change"])
    def authorise_for_payment(self, request, queryset):
        author = request.user.get_username()
        for statement in queryset:
            try:
                services.statement_authorise_payment(statement=statement, author_name=author)
                self.message_user(request, f"{statement.name} authorised for payment")
            except DomainValidationError as error:
                self.message_user(request, f"{statement.name}: {error.errors[0][1]}", level=messages.ERROR)

    @admin.display(description="Declarations by state and type")
    def claims_by_state_and_type(self, obj: Statement):
        rows = (
            obj.declarations.values("payment_state", "declaration_type")
            .annotate(total=Count("id"))
            .order_by("payment_state", "declaration_type")
        )
        clawbacks = (
            obj.clawbacks.values("clawback_state", "declaration_type")
            .annotate(total=Count("id"))
            .order_by("clawback_state", "declaration_type")
        )
        lines = [(row["payment_state"], row["declaration_type"], row["total"]) for row in rows] + [
            (row["clawback_state"], row["declaration_type"], row["total"]) for row in clawbacks
        ]
        return format_html_join("", "<div>{}: {} × {}</div>", lines) or "None"

    @admin.display(description="Uplifts (started ECT claims with an uplift, less clawbacks)")
    def uplifts(self, obj: Statement):
        uplifted = Q(
            declaration_type="started",
            course_identifier="ecf-induction",
        ) & (Q(pupil_premium_uplift=True) | Q(sparsity_uplift=True))
        billed = obj.declarations.filter(uplifted, payment_state__in=["eligible", "payable", "paid"]).aggregate(
            pupil_premium=Count("id", filter=Q(pupil_premium_uplift=True)),
            sparsity=Count("id", filter=Q(sparsity_uplift=True)),
        )
        refunded = obj.clawbacks.filter(uplifted).aggregate(
            pupil_premium=Count("id", filter=Q(pupil_premium_uplift=True)),
            sparsity=Count("id", filter=Q(sparsity_uplift=True)),
        )
        return (
            f"pupil premium {billed['pupil_premium'] - refunded['pupil_premium']}, "
            f"sparsity {billed['sparsity'] - refunded['sparsity']}"
        )

    @admin.display(description="Totals")
    def totals(self, obj: Statement):
        claims = obj.declarations.filter(payment_state__in=["eligible", "payable", "paid"]).count()
        clawbacks = obj.clawbacks.count()
        return f"{claims} claims, {clawbacks} clawbacks, net {claims - clawbacks}"
