"""List filters the admin's lists share."""

from django.contrib import admin


class TextInputFilter(admin.SimpleListFilter):
    """A filter whose value is typed into a box (a school's URN, a provider's name), for lists where the choices
    would run to thousands; the list's other filters and search are kept."""

    template = "admin/text_input_filter.html"

    def lookups(self, request, model_admin):
        return [("", "")]  # never listed: the template shows a box

    def has_output(self):
        return True

    def choices(self, changelist):
        others = {key: value for key, value in changelist.params.items() if key != self.parameter_name}
        yield {"value": self.value() or "", "others": sorted(others.items())}

    def typed(self) -> str:
        return (self.value() or "").strip()


class StatusClassFilter(admin.SimpleListFilter):
    """HTTP status by class (2xx, 4xx, 5xx) or one status."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("2xx", "2xx"),
            ("4xx", "4xx"),
            ("5xx", "5xx"),
            *[(str(code), str(code)) for code in (400, 401, 404, 409, 415, 422, 429, 500, 503)],
        ]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if len(value) == 3 and value.endswith("xx") and value[0].isdigit():
            low = int(value[0]) * 100
            return queryset.filter(status__gte=low, status__lt=low + 100)
        if value.isdigit():
            return queryset.filter(status=int(value))
        return queryset
