"""Multi-step journeys ("wizards") for the school pages: one URL per step, GET renders, POST saves the answer in a
per-journey store in the session, a check-answers step commits through a domain service (docs/school-pages.md).

A step's answers are kept as the raw form data of its own fields (nothing else a POST carries, within a size cap)
and re-validated whenever they are read, so an answer that stops
being valid (a date rule that depends on today, a record changed by someone else) is asked again instead of being
trusted. Which steps a user may open follows from the answers so far: asking for any other step redirects to the
furthest step allowed, so deep links and the back button cannot skip validation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.views import View

from config.errors import DomainValidationError
from config.problem_pages import bad_request_page

CHECK_ANSWERS = "check-answers"
CONFIRMATION = "confirmation"
NOT_SAVED_MESSAGE = (
    "Your changes were not saved. Please close any other tabs you have open for this service and try again."
)


# The most one step's answers may take in the session: far above anything the questions accept (a name is at most
# 70 characters, an email address 254), far below what a POST can carry (docs/school-pages.md, "Journeys").
MAX_ANSWER_CHARS = 4000
ANSWER_TOO_LARGE = "The form you sent is larger than this service accepts."


def form_data(form: forms.Form, data) -> dict[str, Any]:
    """What `form` reads from the POSTed `data`, and nothing else: each field's value under the names its widget
    reads (a date's three parts), once (a list only for a field that takes several values)."""
    kept: dict[str, Any] = {}
    for name, form_field in form.fields.items():
        html_name = form.add_prefix(name)
        widget = form_field.widget
        names = (
            [f"{html_name}{suffix}" for suffix in widget.widgets_names]
            if isinstance(widget, forms.MultiWidget)
            else [html_name]
        )
        for key in names:
            if key in data:
                kept[key] = data.getlist(key) if getattr(widget, "allow_multiple_selected", False) else data.get(key)
    return kept


@dataclass(frozen=True)
class Step:
    """One page of a journey: a question (with its form) or a page to read (no form; its button moves on)."""

    name: str
    title: str
    form_class: type[forms.Form] | None = None
    template: str = "school/wizard/question.html"
    # A page with no way on (the journey cannot continue from here).
    dead_end: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class Wizard:
    """A journey. Subclasses name their steps and say which comes after each, given the answers so far."""

    name: str = ""
    steps: list[Step] = []
    check_answers_template = "school/wizard/check_answers.html"
    confirmation_template = "school/wizard/confirmation.html"
    check_answers_title = "Check your answers"

    def __init__(self, request: HttpRequest, **context):
        self.request = request
        self.context = context
        self._cleaned: dict[str, dict | None] = {}
        self._forms: dict[str, forms.Form] = {}

    # --- the store -------------------------------------------------------------------------------------------
    @property
    def store_key(self) -> str:
        scope = ":".join(str(value) for key, value in sorted(self.context.items()) if key.endswith("_id"))
        return f"wizard:{self.name}:{scope}"

    @property
    def store(self) -> dict[str, dict]:
        return self.request.session.setdefault(self.store_key, {})

    def save_answer(self, step: str, data: dict) -> None:
        store = self.store
        store[step] = data
        self.request.session[self.store_key] = store
        self.request.session.modified = True
        self._cleaned.clear()
        self._forms.clear()

    def forget(self, *steps: str) -> None:
        store = self.store
        for step in steps:
            store.pop(step, None)
        self.request.session.modified = True
        self._cleaned.clear()

    def clear(self) -> None:
        self.request.session.pop(self.store_key, None)

    # --- steps and answers -----------------------------------------------------------------------------------
    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise Http404

    def first_step(self) -> str:
        return self.steps[0].name

    def next_step(self, step: str) -> str | None:
        """The step after `step`, given the answers (CHECK_ANSWERS when every question is answered)."""
        raise NotImplementedError

    def form_kwargs(self, step: str) -> dict[str, Any]:
        return {"wizard": self}

    def initial(self, step: str) -> dict[str, Any]:
        """What a question shows before it is answered: a change shows the current value."""
        return {}

    def bound_form(self, step: str) -> forms.Form | None:
        definition = self.step(step)
        if definition.form_class is None:
            return None
        if step not in self._forms:
            data = self.store.get(step)
            self._forms[step] = definition.form_class(data=data, **self.form_kwargs(step))
        return self._forms[step]

    def answers(self, step: str) -> dict | None:
        """The step's valid answers, or None when it has none (never answered, or no longer valid)."""
        if step not in self._cleaned:
            if step not in {known.name for known in self.steps}:
                return None  # a step this journey does not have (journeys share helpers)
            definition = self.step(step)
            if step not in self.store:
                self._cleaned[step] = None
            elif definition.form_class is None:
                self._cleaned[step] = {}
            else:
                form = self.bound_form(step)
                self._cleaned[step] = form.cleaned_data if form.is_valid() else None
        return self._cleaned[step]

    def answer(self, step: str, name: str, default=None):
        return (self.answers(step) or {}).get(name, default)

    def path(self) -> list[str]:
        """The steps answered, in order, then the first one that still needs an answer (or CHECK_ANSWERS)."""
        visited = []
        current: str | None = self.first_step()
        while current is not None and current != CHECK_ANSWERS and current not in visited:
            visited.append(current)
            if self.answers(current) is None or self.step(current).dead_end:
                return visited
            current = self.next_step(current)
        if current == CHECK_ANSWERS:
            visited.append(CHECK_ANSWERS)
        return visited

    def complete(self) -> bool:
        return self.path()[-1] == CHECK_ANSWERS

    def url(self, step: str) -> str:
        return reverse(f"{self.url_namespace()}:{self.name}", kwargs={**self.url_kwargs(), "step": step})

    def url_namespace(self) -> str:
        return "school"

    def url_kwargs(self) -> dict[str, Any]:
        return {key: value for key, value in self.context.items() if key in self.url_context_names}

    url_context_names: tuple[str, ...] = ()

    # --- what subclasses provide for the last two pages ------------------------------------------------------
    def summary(self) -> list[dict[str, str]]:
        """Rows for check answers: {"key", "value", "step"} (a change link to `step` when it is set)."""
        return []

    def commit(self) -> dict[str, Any]:
        """Save the journey through the owning domain service; returns what the confirmation page shows."""
        raise NotImplementedError

    def page_context(self) -> dict[str, Any]:
        return {}

    def back_url(self, step: str) -> str | None:
        path_ = self.path()
        if step == CONFIRMATION:
            return None
        if step in path_ and path_.index(step) > 0:
            return self.url(path_[path_.index(step) - 1])
        if step == CHECK_ANSWERS and len(path_) > 1:
            return self.url(path_[-2])
        return self.exit_url()

    def exit_url(self) -> str:
        return reverse("school:home")

    def step_title(self, step: str) -> str:
        return self.step(step).title

    def restart_url(self) -> str:
        return f"{self.url(self.first_step())}?restart=1"

    def cancel_url(self) -> str:
        """Leaves the journey without saving: its answers are forgotten (the way out of an interruption page)."""
        return f"{self.url(self.first_step())}?cancel=1"


class WizardView(View):
    """Serves every step of one Wizard subclass at `<prefix>/<step>`."""

    wizard_class: type[Wizard]

    def make_wizard(self, request, **kwargs) -> Wizard:
        return self.wizard_class(request, **kwargs)

    def dispatch(self, request, *args, step: str, **kwargs):
        self.wizard = self.make_wizard(request, **kwargs)
        if request.GET.get("restart") == "1" and request.method == "GET":
            # "Change" on an answer that decides everything else (the TRN) starts the journey again.
            self.wizard.clear()
            return HttpResponseRedirect(self.wizard.url(self.wizard.first_step()))
        if request.GET.get("cancel") == "1" and request.method == "GET":
            self.wizard.clear()
            return HttpResponseRedirect(self.wizard.exit_url() or reverse("school:home"))
        if step == CONFIRMATION:
            return self.confirmation(request)
        allowed = self.wizard.path()
        if step not in allowed:
            if step == CHECK_ANSWERS and request.method == "POST" and not self.wizard.store:
                messages.error(request, NOT_SAVED_MESSAGE)
                return HttpResponseRedirect(self.wizard.url(self.wizard.first_step()))
            if step != CHECK_ANSWERS:
                self.wizard.step(step)  # unknown step names are a 404
            return HttpResponseRedirect(self.wizard.url(allowed[-1]))
        if step == CHECK_ANSWERS:
            return self.check_answers(request)
        return self.question(request, step)

    def render_step(self, request, template: str, **context) -> HttpResponse:
        return render(
            request,
            template,
            {"wizard": self.wizard, **self.wizard.page_context(), **context},
        )

    def question(self, request, step: str) -> HttpResponse:
        definition = self.wizard.step(step)
        changing = request.GET.get("change") == "1"
        form = None
        if definition.form_class is not None:
            if request.method == "POST":
                form = definition.form_class(data=request.POST, **self.wizard.form_kwargs(step))
                if form.is_valid():
                    data = form_data(form, request.POST)
                    if len(json.dumps(data)) > MAX_ANSWER_CHARS:
                        return bad_request_page(request, ANSWER_TOO_LARGE)
                    self.wizard.save_answer(step, data)
                    return self.after_answer(step, changing)
            else:
                saved = self.wizard.store.get(step)
                form = definition.form_class(data=saved, **self.wizard.form_kwargs(step)) if saved else None
                if form is None or not form.is_valid():
                    form = definition.form_class(initial=self.wizard.initial(step), **self.wizard.form_kwargs(step))
        elif request.method == "POST" and not definition.dead_end:
            self.wizard.save_answer(step, {})
            return self.after_answer(step, changing)
        return self.render_step(
            request,
            definition.template,
            form=form,
            step=definition,
            title=self.wizard.step_title(step),
            back_url=self.wizard.url(CHECK_ANSWERS) if changing else self.wizard.back_url(step),
            action="?change=1" if changing else "",
        )

    def after_answer(self, step: str, changing: bool) -> HttpResponse:
        following = self.wizard.next_step(step)
        if changing and self.wizard.complete():
            return HttpResponseRedirect(self.wizard.url(CHECK_ANSWERS))
        path_ = self.wizard.path()
        target = following if following in path_ else path_[-1]
        return HttpResponseRedirect(self.wizard.url(target))

    def check_answers(self, request) -> HttpResponse:
        errors: list[str] = []
        if request.method == "POST":
            try:
                result = self.wizard.commit()
            except ValidationError as error:
                errors = error.messages
            except DomainValidationError as error:
                errors = [text for _, text in error.errors]
            else:
                self.wizard.clear()
                request.session[f"{self.wizard.store_key}:result"] = result
                return HttpResponseRedirect(self.wizard.url(CONFIRMATION))
        return self.render_step(
            request,
            self.wizard.check_answers_template,
            title=self.wizard.check_answers_title,
            rows=[
                {
                    **row,
                    "url": row.get("url") or (f"{self.wizard.url(row['step'])}?change=1" if row.get("step") else ""),
                }
                for row in self.wizard.summary()
            ],
            errors=errors,
            back_url=self.wizard.back_url(CHECK_ANSWERS),
        )

    def confirmation(self, request) -> HttpResponse:
        result = request.session.get(f"{self.wizard.store_key}:result")
        if result is None:
            return HttpResponseRedirect(self.wizard.url(self.wizard.first_step()))
        return self.render_step(request, self.wizard.confirmation_template, result=result, title=result.get("title"))


def wizard_urls(prefix: str, wizard_view: type[WizardView], name: str) -> list:
    return [path(f"{prefix}/<slug:step>", wizard_view.as_view(), name=name)]
