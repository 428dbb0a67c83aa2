"""Forms rendered as GOV.UK Design System components (crispy-forms-gds), with the service's own messages.

Every page form subclasses GovukForm: its fields are laid out as GOV.UK components (radios and dates in fieldsets
with legends, inputs with labels) and rendered with a "Continue" button; the page template shows the error
summary linking to each field.
"""

import datetime as dt

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError


class GovukDateField(DateInputField):
    """The three-field date input; one message when it is empty and one when it is not a real date."""

    def __init__(self, *, required_message: str, invalid_message: str, **kwargs):
        self.required_message = required_message
        self.invalid_message = invalid_message
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)

    def clean(self, value):
        parts = list(value or [])
        parts += [""] * (3 - len(parts))
        texts = [str(part or "").strip() for part in parts[:3]]
        for subfield in self.fields:
            subfield.widget.errors = []
        if not any(texts):
            if self.required:
                raise ValidationError(self.required_message, code="required")
            return None
        try:
            day, month, year = (int(text) for text in texts)
            if not all(text.isascii() and text.isdigit() for text in texts) or year < 1000:
                raise ValueError
            return dt.date(year, month, day)
        except (ValueError, OverflowError):
            raise ValidationError(self.invalid_message, code="invalid") from None


class GovukForm(forms.Form):
    """A one-question form. `submit_label` names the button; radios and dates get fieldsets with legends."""

    submit_label = "Continue"
    # A page that asks this one question: its legend is the page's heading (the page prints no other h1), so the
    # question is not asked twice.
    heading_in_legend = False

    def __init__(self, *args, wizard=None, **kwargs):
        self.wizard = wizard
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> carries the token
        self.helper.layout = Layout(
            *[self.layout_field(name, field) for name, field in self.fields.items()],
            Button("submit", self.submit_label, data_prevent_double_click="true"),
        )

    def add_error(self, field, error):
        super().add_error(field, error)
        # crispy-forms-gds gives text inputs, selects and textareas the error border, not email inputs; a field in
        # error is bordered whatever its kind, and whoever found the error (the form's cleaning, or a view putting a
        # service's refusal on its field) (docs/school-pages.md, "Look and behaviour": inline errors).
        for name in self.errors:
            field = self.fields.get(name)
            if field is not None and isinstance(field.widget, forms.EmailInput):
                classes = field.widget.attrs.get("class", "").split()
                if "govuk-input--error" not in classes:
                    field.widget.attrs["class"] = " ".join([*classes, "govuk-input--error"])

    def layout_field(self, name: str, field: forms.Field):
        if isinstance(field.widget, forms.RadioSelect):
            if self.heading_in_legend:
                return Field.radios(name, legend_size=Size.LARGE, legend_tag="h1", small=False)
            return Field.radios(name, legend_size=Size.MEDIUM, small=False)
        if isinstance(field, DateInputField):
            # The date input is its own fieldset; its label is the legend.
            return Field(name, context={"legend_size": Size.for_legend(Size.MEDIUM)})
        if isinstance(field.widget, forms.HiddenInput):
            return Field(name)
        if isinstance(field.widget, forms.Textarea):
            return Field.textarea(name, label_size=Size.MEDIUM, rows=field.widget.attrs.get("rows", 5))
        return Field.text(name, label_size=Size.MEDIUM)
