"""The school's ECTs and mentors: home pages and one page per teacher (docs/school-pages.md, "Home pages")."""

from django.core.paginator import Paginator
from django.http import Http404
from django.views.generic import TemplateView

from .. import selectors as school_selectors
from .base import SchoolPageMixin

PAGE_SIZE = 20


class ECTsHome(SchoolPageMixin, TemplateView):
    template_name = "school/ects/home.html"

    def get_context_data(self, **kwargs):
        search = self.request.GET.get("q", "").strip()[:100]
        cards = school_selectors.school_ects(school=self.school, today=self.today, search=search)
        page = Paginator(cards, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(title="Early career teachers", nav="ects", page=page, search=search, **kwargs)


class ECTPage(SchoolPageMixin, TemplateView):
    template_name = "school/ects/show.html"

    def get_context_data(self, **kwargs):
        ect = school_selectors.school_ect(school=self.school, ect_id=self.kwargs["ect_id"], today=self.today)
        if ect is None:
            raise Http404
        return super().get_context_data(title=ect["teacher"].full_name, nav="ects", ect=ect, **kwargs)


class MentorsHome(SchoolPageMixin, TemplateView):
    template_name = "school/mentors/home.html"

    def get_context_data(self, **kwargs):
        mentors = school_selectors.school_mentors(school=self.school, today=self.today)
        return super().get_context_data(title="Mentors", nav="mentors", mentors=mentors, **kwargs)


class MentorPage(SchoolPageMixin, TemplateView):
    template_name = "school/mentors/show.html"

    def get_context_data(self, **kwargs):
        mentor = school_selectors.school_mentor(
            school=self.school, mentor_id=self.kwargs["mentor_id"], today=self.today
        )
        if mentor is None:
            raise Http404
        return super().get_context_data(title=mentor.teacher.full_name, nav="mentors", mentor=mentor, **kwargs)
