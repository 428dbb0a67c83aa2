"""School induction tutor pages that belong to schools: sign-in, gates, the induction tutor (namespace "school",
shared with participants.school_urls)."""

from django.urls import path
from django.views.generic import RedirectView

from config.wizard import wizard_urls

from .views import induction_tutor, sign_in

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="school:ects-home"), name="home"),
    path("home", RedirectView.as_view(pattern_name="school:ects-home")),
    path("sign-in", sign_in.SignInView.as_view(), name="sign-in"),
    path("sign-in/code", sign_in.SignInCodeView.as_view(), name="sign-in-code"),
    path("sign-out", sign_in.sign_out, name="sign-out"),
    path("signed-out", sign_in.signed_out, name="signed-out"),
    path("access-denied", sign_in.access_denied, name="access-denied"),
    path("registration-window-closed", sign_in.registration_window_closed, name="registration-window-closed"),
    path("stop-viewing-as-school", sign_in.stop_viewing_as_school, name="stop-viewing-as-school"),
    path("home/induction-tutor", induction_tutor.InductionTutorPage.as_view(), name="induction-tutor"),
    *wizard_urls("induction-tutor/new", induction_tutor.NewInductionTutorView, "induction-tutor-new"),
    *wizard_urls("induction-tutor/change", induction_tutor.ChangeInductionTutorView, "induction-tutor-change"),
    *wizard_urls(
        "induction-tutor/confirm-existing",
        induction_tutor.ConfirmExistingInductionTutorView,
        "induction-tutor-confirm-existing",
    ),
]
