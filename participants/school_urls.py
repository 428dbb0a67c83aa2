"""School induction tutor pages about ECTs and mentors (namespace "school", shared with schools.urls)."""

from django.urls import path

from config.wizard import wizard_urls

from .school_views import changes, home, mentors, register_ect

urlpatterns = [
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
