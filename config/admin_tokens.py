"""Admin building blocks for API tokens: issue (the raw value is shown once, on a page of its own), list, revoke.

A raw token never goes into a message: Django keeps messages in a signed (not encrypted) cookie, so the token would
travel back and forth in the browser (docs/security.md).
"""

from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.template.response import TemplateResponse
from django.urls import reverse

from config.admin_base import StaffHistoryAdmin
from config.tokens import api_token_issue, api_token_revoke

TOKEN_FIELDS = ["description", "created_at", "last_used_at", "revoked_at"]


def token_inline(token_model):
    """A read-only list of the client's tokens on its admin page."""
    return type(
        f"{token_model.__name__}Inline",
        (admin.TabularInline,),
        {
            "model": token_model,
            "extra": 0,
            "fields": TOKEN_FIELDS,
            "readonly_fields": TOKEN_FIELDS,
            "can_delete": False,
            "has_add_permission": lambda self, request, obj=None: False,
        },
    )


def token_issued_page(request, model_admin, issued: list[tuple[object, str]], back_url: str) -> TemplateResponse:
    """The only place a raw token is ever shown; never cached, never in a cookie."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "New API token",
        "issued": issued,
        "back_url": back_url,
    }
    response = TemplateResponse(request, "admin/config/token_issued.html", context)
    response["Cache-Control"] = "no-store"
    return response


def can_issue_tokens(request, token_model) -> bool:
    opts = token_model._meta
    return request.user.has_perm(f"{opts.app_label}.{get_permission_codename('add', opts)}")


class IssueTokenAction:
    """Adds "Issue a new API token" to a client's admin; subclasses set `token_model`. Issuing a token is adding
    one: it needs the token model's add permission."""

    token_model = None
    actions = ["issue_api_token"]

    def has_issue_token_permission(self, request):
        return can_issue_tokens(request, self.token_model)

    @admin.action(description="Issue a new API token (shown once)", permissions=["issue_token"])
    def issue_api_token(self, request, queryset):
        issued = []
        for owner in queryset:
            _, raw = api_token_issue(token_model=self.token_model, owner=owner, description=f"Issued by {request.user}")
            issued.append((owner, raw))
        opts = self.model._meta
        return token_issued_page(request, self, issued, reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))


class TokenAdmin(StaffHistoryAdmin):
    """Tokens of one kind of client: issue one by adding it, revoke with the action; the hash is never shown."""

    actions = ["revoke"]
    readonly_fields = ["created_at", "last_used_at", "revoked_at"]

    def get_list_display(self, request):
        return [self.model.owner_field, *TOKEN_FIELDS]

    def get_list_filter(self, request):
        return [self.model.owner_field, ("revoked_at", admin.EmptyFieldListFilter)]

    def get_fields(self, request, obj=None):
        return [self.model.owner_field, *TOKEN_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        # A token is issued with its owner and description and then only revoked (the action): nothing to edit.
        return [self.model.owner_field, *TOKEN_FIELDS] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        owner = getattr(obj, self.model.owner_field)
        token, raw = api_token_issue(token_model=self.model, owner=owner, description=obj.description)
        obj.pk = token.pk
        obj._raw_token = raw

    def response_add(self, request, obj, post_url_continue=None):
        opts = self.model._meta
        back_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return token_issued_page(request, self, [(getattr(obj, self.model.owner_field), obj._raw_token)], back_url)

    # Revoking cuts a client off: a change to the token, never available to view-only staff.
    @admin.action(description="Revoke selected tokens", permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
        self.message_user(request, f"Revoked {queryset.count()} token(s).")
