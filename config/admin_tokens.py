"""Admin building blocks for API tokens: issue (the raw value is shown once), list, revoke."""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from config.tokens import api_token_issue, api_token_revoke

TOKEN_FIELDS = ["description", "created_at", "last_used_at", "revoked_at"]
SHOWN_ONCE = "(copy it now: it is not shown again)"


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


class IssueTokenAction:
    """Adds "Issue a new API token" to a client's admin; subclasses set `token_model`."""

    token_model = None
    actions = ["issue_api_token"]

    @admin.action(description="Issue a new API token (shown once)")
    def issue_api_token(self, request, queryset):
        for owner in queryset:
            _, raw = api_token_issue(token_model=self.token_model, owner=owner, description=f"Issued by {request.user}")
            self.message_user(request, f"New API token for {owner}: {raw} {SHOWN_ONCE}", messages.WARNING)


class TokenAdmin(SimpleHistoryAdmin):
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
        return [*self.readonly_fields, self.model.owner_field] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        owner = getattr(obj, self.model.owner_field)
        token, raw = api_token_issue(token_model=self.model, owner=owner, description=obj.description)
        obj.pk = token.pk
        self.message_user(request, f"New API token: {raw} {SHOWN_ONCE}", messages.WARNING)

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
        self.message_user(request, f"Revoked {queryset.count()} token(s).")
