""" "Contact DfE support" (docs/school-pages.md): anyone may ask, signed in or not; the query is kept for support
staff and emailed to DfE support by schools.services.support_query_create."""

from django.shortcuts import redirect, render
from django.views import View

from config.errors import DomainValidationError
from schools import services
from schools.auth import attempt_allowed, signed_in
from schools.models import School

from ..sign_in_and_tutor_forms import SupportQueryForm
from .sign_in import too_many_requests

_SENT_TO = "support_query_sent_to"


class SupportQueryView(View):
    """No gate: the page is for those the gates stop too (a closed school, a locked sign-in)."""

    template = "school/support/new.html"

    def dispatch(self, request, *args, **kwargs):
        self.person = signed_in(request)
        self.school = School.objects.filter(pk=self.person.school_id).first() if self.person else None
        return super().dispatch(request, *args, **kwargs)

    def initial(self) -> dict:
        if self.person is None:
            return {}
        school = f"{self.school.name} ({self.school.urn})" if self.school else ""
        return {"name": self.person.name, "email": self.person.email, "school_name": school}

    def get(self, request):
        return self.page(request, SupportQueryForm(initial=self.initial()))

    def post(self, request):
        if not attempt_allowed(request, scope="support-query"):
            return too_many_requests(request)
        form = SupportQueryForm(request.POST)
        if form.is_valid():
            author = self.person.author() if self.person else {}
            try:
                query = services.support_query_create(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    school_name=form.cleaned_data["school_name"],
                    message=form.cleaned_data["message"],
                    school=self.school,
                    **author,
                )
            except DomainValidationError as error:
                for attribute, text in error.errors:
                    form.add_error(attribute if attribute in form.fields else None, text)
            else:
                request.session[_SENT_TO] = query.email
                return redirect("school:support-sent")
        return self.page(request, form)

    def page(self, request, form):
        return render(request, self.template, {"form": form, "title": "Contact DfE support"})


def support_query_sent(request):
    email = request.session.get(_SENT_TO)
    if not email:
        return redirect("school:support")
    return render(request, "school/support/sent.html", {"title": "Your message has been sent", "email": email})
