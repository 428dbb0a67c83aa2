"""The base of every admin page: each view and action needs an explicit permission (docs/security.md)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class StaffAdminMixin:
    """Refuses with 403 what the staff user may not do, instead of quietly ignoring it.

    Django hides actions a user lacks the permission for, and answers a POST naming one with a redirect and a
    message; staff and the permission tests see a plain 403 instead. Every action must declare `permissions`.
    """

    def changelist_view(self, request, extra_context=None):
        names = request.POST.getlist("action") if request.method == "POST" else []
        if names:
            try:
                name = names[int(request.POST.get("index", 0))]
            except (ValueError, IndexError):
                name = names[0]
            known = {action_name for _, action_name, _ in self._get_base_actions()}
            if name in known and name not in self.get_actions(request):
                raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def staff_view(self, view, permission: str):
        """A page of this admin's own, beyond Django's list, add, change, delete and history pages: only staff with
        `permission` ("app_label.codename") reach it, anyone else gets 403. Every such page declares its permission
        this way (tests/admin/test_permissions.py reads it from each one)."""

        def checked(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        page = self.admin_site.admin_view(checked)
        page.required_permission = permission
        return page

    def save_model(self, request, obj, form, change):
        """Saving a change form with nothing changed writes nothing: no `updated_at` moves, so lead providers and
        training providers have nothing to sync again (docs/security.md §1). Subclasses that save through a service
        check `unchanged` themselves."""
        if self.unchanged(form, change):
            return
        super().save_model(request, obj, form, change)

    @staticmethod
    def unchanged(form, change: bool) -> bool:
        """True when the form was submitted as it was shown, and it was shown with the stored row's values (a page
        reverting to an old version shows that version's, so saving it is a change)."""
        if not change or form.has_changed():
            return False
        obj = form.instance
        stored = type(obj)._base_manager.filter(pk=obj.pk).first()
        if stored is None:
            return False
        fields = [field for field in obj._meta.concrete_fields if field.name in form.fields]
        return all(form.initial.get(field.name) == field.value_from_object(stored) for field in fields)


class StaffModelAdmin(StaffAdminMixin, admin.ModelAdmin):
    """A model admin without history."""


class ReadOnlyModelAdmin(StaffModelAdmin):
    """A record nobody adds, edits or deletes in the admin (what was sent, what happened): staff with the view
    permission read it; an admin action may still declare a permission of its own."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StaffHistoryAdmin(StaffAdminMixin, SimpleHistoryAdmin):
    """A model admin with django-simple-history; reverting to an old version is a change and needs the change
    permission (the history page itself needs only view)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
