"""What every school page checks before it answers (docs/school-pages.md, "Gates")."""

from django.http import HttpResponseRedirect
from django.urls import reverse

from config import clock
from schools.auth import signed_in
from schools.models import School
from schools.rules import access_blocked, needs_induction_tutor_confirmation, registration_closed


class SchoolPageMixin:
    """Signed in, school open to the service, induction tutor confirmed for this contract period (DfE staff
    viewing as the school are not stopped by that), and registration open where the page registers teachers."""

    induction_tutor_gate = True
    registration_gate = False

    def dispatch(self, request, *args, **kwargs):
        self.person = signed_in(request)
        if self.person is None:
            return HttpResponseRedirect(reverse("school:sign-in"))
        self.school = School.objects.filter(pk=self.person.school_id).first()
        self.today = clock.now().date()
        if self.school is None or access_blocked(self.school, today=self.today):
            return HttpResponseRedirect(reverse("school:access-denied"))
        if (
            self.induction_tutor_gate
            and not self.person.impersonating
            and needs_induction_tutor_confirmation(self.school, today=self.today)
        ):
            journey = "confirm-existing" if self.school.induction_tutor_email else "new"
            first = "are-these-details-correct" if journey == "confirm-existing" else "details"
            return HttpResponseRedirect(reverse(f"school:induction-tutor-{journey}", kwargs={"step": first}))
        if self.registration_gate and registration_closed(today=self.today):
            return HttpResponseRedirect(reverse("school:registration-window-closed"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(school=self.school, person=self.person)
        return context
