"""Finance's view of statements: what each one pays, its declarations as CSV, authorising payment, adjustments
and contracts (docs/finance.md "The statement page", "Who may do what")."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from config.admin_base import StaffModelAdmin
from config.errors import DomainValidationError
from declarations.services import statement_authorise_payment

from . import declarations_csv, rules, services
from .calculation import to_the_penny
from .models import Adjustment, CallOffContract, ContractBand, Statement, StatementState
from .payments import statement_figures
from .statement_page import statement_page

AUTHORISE_PERMISSION = "statements.authorise_payment"


class StatementForm(forms.ModelForm):
    """A statement's calendar facts (docs/statements.md, "The calendar"), changed by a superuser only while nothing
    depends on them; otherwise the page says why, field by field (the database refuses it too: docs/security.md
    §2)."""

    class Meta:
        model = Statement
        fields = ["lead_provider", "cohort", "year", "month", "cut_off_date", "payment_date", "output_fee", "contract"]

    def clean(self):
        cleaned = super().clean()
        statement = self.instance
        if statement.pk is None:
            return cleaned
        changed = set(self.changed_data)
        carries_claims = statement.declarations.exists() or statement.clawbacks.exists()
        for name in sorted(changed & set(rules.CALENDAR_FIELDS)):
            if carries_claims or statement.state != StatementState.OPEN:
                self.add_error(name, rules.CALENDAR_FIXED)
        for name in sorted(changed & set(rules.OWNER_FIELDS)):
            if carries_claims:
                self.add_error(name, rules.CARRIES_CLAIMS)
        return cleaned


@admin.register(Statement)
class StatementAdmin(StaffModelAdmin):
    form = StatementForm
    list_display = ("name", "lead_provider", "cohort", "cut_off_date", "payment_date", "output_fee", "state")
    list_filter = ("state", "output_fee", "cohort", "lead_provider")
    list_select_related = ("lead_provider", "cohort")
    ordering = ("payment_date", "id")
    search_fields = ("api_id",)
    readonly_fields = ("api_id", "state", "marked_as_paid_at", "paid_amount", "created_at", "updated_at")
    change_form_template = "admin/statements/statement/change_form.html"

    def get_queryset(self, request):
        # The page shows the provider, cohort and contract of the statement it opens (read-only for finance).
        return (
            super()
            .get_queryset(request)
            .select_related("lead_provider", "cohort", "contract__lead_provider", "contract__cohort")
        )

    def has_change_permission(self, request, obj=None):
        # A paid statement is final (the database refuses changes too).
        if obj is not None and obj.state == StatementState.PAID:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A statement is paid under a contract of its own provider and cohort (the database checks it too).
        if db_field.name == "contract":
            statement = (
                Statement.objects.filter(pk=request.resolver_match.kwargs.get("object_id"))
                .values("lead_provider_id", "cohort_id")
                .first()
            )
            kwargs["queryset"] = (
                CallOffContract.objects.filter(
                    lead_provider=statement["lead_provider_id"], cohort=statement["cohort_id"]
                ).select_related("lead_provider", "cohort")
                if statement
                else CallOffContract.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path(
                "<int:pk>/authorise/",
                self.staff_view(self.authorise_view, AUTHORISE_PERMISSION),
                name="statements_statement_authorise",
            ),
            path(
                "<int:pk>/declarations.csv",
                self.staff_view(self.declarations_csv_view, "statements.view_statement"),
                name="statements_statement_declarations_csv",
            ),
            *super().get_urls(),
        ]

    def _statement(self, request, pk: int) -> Statement:
        statement = get_object_or_404(Statement.objects.select_related("lead_provider", "cohort"), pk=pk)
        if not self.has_view_permission(request, statement):
            raise PermissionDenied
        return statement

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        statement = Statement.objects.select_related("lead_provider", "cohort").filter(pk=object_id).first()
        if statement is not None and self.has_view_permission(request, statement):
            figures = statement_figures(statement=statement)
            extra_context["statement"] = statement
            extra_context["figures"] = figures
            if figures is not None:
                extra_context["page"] = statement_page(figures)
                extra_context["can_authorise"] = request.user.has_perm(AUTHORISE_PERMISSION)
                extra_context["authorisation_problem"] = services.statement_authorisation_problem(
                    statement=statement, figures=figures
                )
                extra_context["can_adjust"] = (
                    statement.output_fee
                    and statement.state != StatementState.PAID
                    and request.user.has_perm("statements.add_adjustment")
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def declarations_csv_view(self, request, pk: int):
        statement = self._statement(request, pk)
        figures = statement_figures(statement=statement)
        if figures is None or not statement.output_fee:
            raise Http404("This statement has no declarations to download.")
        response = StreamingHttpResponse(declarations_csv.stream(figures), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{declarations_csv.filename(statement)}"'
        return response

    def authorise_view(self, request, pk: int):
        """The confirm page: the amount to pay, and a box to tick saying the figures were checked."""
        statement = self._statement(request, pk)
        figures = statement_figures(statement=statement)
        problem = services.statement_authorisation_problem(statement=statement, figures=figures)
        form = AuthoriseForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and problem is None and form.is_valid():
            try:
                # The payment run is the declarations app's: it pays the declarations and then the statement.
                statement_authorise_payment(statement=statement, author_name=request.user.get_username())
            except DomainValidationError as error:
                problem = error.errors[0][1]
            else:
                statement.refresh_from_db()
                self.message_user(request, f"{statement.name} authorised for payment: £{statement.paid_amount:,}")
                return HttpResponseRedirect(reverse("admin:statements_statement_change", args=[statement.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Authorise {statement.name} for payment",
            "statement": statement,
            "figures": figures,
            "total": to_the_penny(figures.payment.total) if figures else None,
            "problem": problem,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/statements/statement/authorise.html", context)


class AuthoriseForm(forms.Form):
    # The server answers an unticked box with the message, whatever the browser does with a `required` attribute
    # (docs/finance.md, "Authorising payment").
    use_required_attribute = False
    confirm = forms.BooleanField(
        required=True,
        label="I have checked the figures on this statement and it can be paid",
        error_messages={"required": rules.AUTHORISE_NOT_CONFIRMED},
    )


class AdjustmentForm(forms.ModelForm):
    class Meta:
        model = Adjustment
        fields = ["statement", "payment_type", "amount"]

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0 or abs(amount) > 1_000_000:
            raise forms.ValidationError("Enter an amount other than zero, up to £1,000,000 either way")
        return amount

    def clean_statement(self):
        statement = self.cleaned_data["statement"]
        if not statement.output_fee or statement.state == StatementState.PAID:
            raise forms.ValidationError(services.ADJUSTMENT_NOT_ALLOWED)
        return statement


@admin.register(Adjustment)
class AdjustmentAdmin(StaffModelAdmin):
    """Additional adjustments; each change goes through the adjustment services (audited)."""

    form = AdjustmentForm
    list_display = ("payment_type", "amount", "statement")
    list_select_related = ("statement__lead_provider", "statement__cohort")
    raw_id_fields = ("statement",)
    actions = None

    def get_changeform_initial_data(self, request):
        return {"statement": request.GET.get("statement")}

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.statement.state == StatementState.PAID:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.statement.state == StatementState.PAID:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if self.unchanged(form, change):
            return
        services.adjustment_save(
            statement=obj.statement,
            payment_type=obj.payment_type,
            amount=obj.amount,
            author_name=request.user.get_username(),
            adjustment=obj if change else None,
        )

    def delete_model(self, request, obj):
        services.adjustment_delete(adjustment=obj, author_name=request.user.get_username())

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:statements_statement_change", args=[obj.statement_id]))

    response_change = response_add


class ContractBandFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Bands in letter order must have rising, non-overlapping ranges (the database checks it too)."""
        super().clean()
        bands = sorted(
            (form.cleaned_data["band"], form.cleaned_data["min_participants"], form.cleaned_data["max_participants"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and "band" in form.cleaned_data
        )
        for (letter, _, high), (next_letter, low, _) in zip(bands, bands[1:], strict=False):
            if low <= high:
                raise forms.ValidationError(f"Band {next_letter} must start above the end of band {letter} ({high})")


class ContractBandInline(admin.TabularInline):
    model = ContractBand
    formset = ContractBandFormSet
    extra = 0
    max_num = 4


@admin.register(CallOffContract)
class CallOffContractAdmin(StaffModelAdmin):
    """Contract versions. Terms that paid a statement are read-only: add a new version instead, and it applies
    to every statement of that provider and cohort not yet paid."""

    list_display = ("lead_provider", "cohort", "version", "contract_type", "recruitment_target")
    list_filter = ("cohort", "lead_provider", "contract_type")
    list_select_related = ("lead_provider", "cohort")
    inlines = [ContractBandInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.statements.filter(state=StatementState.PAID).exists():
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # A version is its provider, cohort and number: statements point at it by all three (the database checks).
        return ["lead_provider", "cohort", "version"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            moved = services.call_off_contract_apply(contract=form.instance, author_name=request.user.get_username())
            self.message_user(request, f"This version now applies to {moved} unpaid statements.", messages.INFO)
