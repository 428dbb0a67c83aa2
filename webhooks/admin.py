"""DfE staff register lead providers' webhook endpoints, pause, resume and test them, and read the delivery log
(docs/webhooks.md, "Endpoints"; who may do what: docs/security.md §1)."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from config.admin_base import StaffModelAdmin
from config.errors import DomainValidationError

from . import rules, services
from .models import CHANGE_EVENTS, EndpointState, EventType, WebhookDelivery, WebhookEndpoint

SUBSCRIBABLE = [(value, label) for value, label in EventType.choices if value in CHANGE_EVENTS]


class EndpointForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https", label="URL")
    events = forms.MultipleChoiceField(
        choices=SUBSCRIBABLE,
        widget=forms.CheckboxSelectMultiple,
        initial=CHANGE_EVENTS,
        required=True,
        error_messages={"required": rules.EVENTS_REQUIRED},  # the rule book's words, as the service says them
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["lead_provider", "url", "events", "description"]

    def clean(self):
        cleaned = super().clean()
        try:
            # The service's rules; an unanswered events question has had its message from the field already.
            services._check(url=cleaned.get("url") or "", events=cleaned.get("events") or ["-"])
        except DomainValidationError as error:
            for attribute, message in error.errors:
                self.add_error(attribute if attribute in self.fields else None, message)
        return cleaned


def secret_page(request, model_admin, issued) -> TemplateResponse:
    """The only place a signing secret is ever shown; never cached, never in a cookie (docs/security.md §5)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Webhook signing secret",
        "issued": issued,
        "back_url": reverse("admin:webhooks_webhookendpoint_changelist"),
    }
    response = TemplateResponse(request, "admin/webhooks/secret_shown_once.html", context)
    response["Cache-Control"] = "no-store"
    return response


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(StaffModelAdmin):
    form = EndpointForm
    list_display = ["lead_provider", "url", "state", "paused_reason", "deliveries", "created_at"]
    list_filter = ["state", "lead_provider"]
    search_fields = ["url", "lead_provider__name"]
    readonly_fields = ["state", "paused_at", "paused_reason", "created_at", "updated_at"]
    actions = ["send_test_event", "pause", "resume", "issue_new_secret"]

    def get_readonly_fields(self, request, obj=None):
        # The provider is chosen when the endpoint is added; a change of provider is a new endpoint.
        return [*self.readonly_fields, "lead_provider"] if obj else self.readonly_fields

    def get_fields(self, request, obj=None):
        fields = ["lead_provider", "url", "events", "description"]
        return [*fields, *self.readonly_fields] if obj else fields

    @admin.display(description="Delivery log")
    def deliveries(self, obj):
        url = reverse("admin:webhooks_webhookdelivery_changelist") + f"?endpoint__id__exact={obj.pk}"
        return format_html('<a href="{}">Deliveries</a>', url)

    def changelist_view(self, request, extra_context=None):
        # DfE is told here when the service paused an endpoint whose deliveries failed for a day.
        if request.method == "GET":
            for endpoint in WebhookEndpoint.objects.filter(state=EndpointState.PAUSED).select_related("lead_provider"):
                if endpoint.paused_reason.startswith(services.GAVE_UP):
                    self.message_user(
                        request, f"Paused by the service: {endpoint} ({endpoint.paused_reason})", messages.WARNING
                    )
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        staff_name = request.user.get_username()
        data = form.cleaned_data
        if change:
            if not self.unchanged(form, change):
                services.endpoint_update(
                    endpoint=obj,
                    url=data["url"],
                    events=data["events"],
                    description=data["description"],
                    staff_name=staff_name,
                )
            return
        endpoint, secret = services.endpoint_create(
            lead_provider=data["lead_provider"],
            url=data["url"],
            events=data["events"],
            description=data["description"],
            staff_name=staff_name,
        )
        obj.pk = endpoint.pk
        obj._secret = secret

    def response_add(self, request, obj, post_url_continue=None):
        return secret_page(request, self, [(obj, obj._secret)])

    def has_send_test_permission(self, request) -> bool:
        return request.user.has_perm("webhooks.send_test_webhook")

    @admin.action(description="Send a test event", permissions=["send_test"])
    def send_test_event(self, request, queryset):
        with transaction.atomic():  # every selected endpoint, or none
            for endpoint in queryset:
                services.endpoint_send_test(endpoint=endpoint, staff_name=request.user.get_username())
        self.message_user(request, "Test events queued: see each endpoint's delivery log.", messages.SUCCESS)

    @admin.action(description="Pause the selected endpoints", permissions=["change"])
    def pause(self, request, queryset):
        staff_name = request.user.get_username()
        with transaction.atomic():
            for endpoint in queryset:
                services.endpoint_pause(endpoint=endpoint, reason=f"Paused by {staff_name}", staff_name=staff_name)
        self.message_user(request, "The selected endpoints are paused.", messages.SUCCESS)

    @admin.action(description="Resume the selected endpoints", permissions=["change"])
    def resume(self, request, queryset):
        with transaction.atomic():
            for endpoint in queryset:
                services.endpoint_resume(endpoint=endpoint, staff_name=request.user.get_username())
        self.message_user(request, "The selected endpoints are active.", messages.SUCCESS)

    @admin.action(description="Issue a new signing secret (shown once)", permissions=["change"])
    def issue_new_secret(self, request, queryset):
        staff_name = request.user.get_username()
        with transaction.atomic():  # all of them rotated, or none (the page showing them follows the commit)
            issued = [(e, services.endpoint_secret_rotate(endpoint=e, staff_name=staff_name)) for e in queryset]
        return secret_page(request, self, issued)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(StaffModelAdmin):
    """The delivery log: every notification, its attempts and the endpoint's last answer."""

    list_display = [
        "created_at",
        "endpoint",
        "event_type",
        "resource_type",
        "resource_id",
        "state",
        "attempts",
        "last_status_code",
        "last_error",
        "delivered_at",
    ]
    list_filter = ["state", "event_type", "endpoint__lead_provider", "endpoint"]
    search_fields = ["resource_id", "message_id"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.concrete_fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
