"""Every school induction tutor page, in one place (namespace "school"; docs/school-pages.md): sign-in and the
gates, the induction tutor, and the ECTs and mentors journeys."""

from django.urls import path
from django.views.generic import RedirectView

from config.wizard import wizard_urls

from .views import changes, home, induction_tutor, mentors, register_ect, sign_in, support

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
    path("support", support.SupportQueryView.as_view(), name="support"),
    path("support/sent", support.support_query_sent, name="support-sent"),
    path("home/induction-tutor", induction_tutor.InductionTutorPage.as_view(), name="induction-tutor"),
    *wizard_urls("induction-tutor/new", induction_tutor.NewInductionTutorView, "induction-tutor-new"),
    *wizard_urls("induction-tutor/change", induction_tutor.ChangeInductionTutorView, "induction-tutor-change"),
    *wizard_urls(
        "induction-tutor/confirm-existing",
        induction_tutor.ConfirmExistingInductionTutorView,
        "induction-tutor-confirm-existing",
    ),
    path("home/ects", home.ECTsHome.as_view(), name="ects-home"),
    path("ects/<int:ect_id>", home.ECTPage.as_view(), name="ect"),
    path("home/mentors", home.MentorsHome.as_view(), name="mentors-home"),
    path("mentors/<int:mentor_id>", home.MentorPage.as_view(), name="mentor"),
    *wizard_urls("register-ect", register_ect.RegisterECTView, "register-ect"),
    *wizard_urls("ects/<int:ect_id>/mentorship", mentors.AssignMentorView, "assign-mentor"),
    *wizard_urls("ects/<int:ect_id>/register-mentor", mentors.RegisterMentorView, "register-mentor"),
    *[
        pattern
        for slug, wizard, gated in changes.ECT_CHANGES
        for pattern in wizard_urls(
            f"ects/<int:ect_id>/{slug}", changes.view_for(wizard, registration=gated), wizard.name
        )
    ],
    *[
        pattern
        for slug, wizard, gated in changes.MENTOR_CHANGES
        for pattern in wizard_urls(
            f"mentors/<int:mentor_id>/{slug}", changes.view_for(wizard, registration=gated), wizard.name
        )
    ],
]
