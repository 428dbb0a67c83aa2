"""The GOV.UK pages the service answers when it cannot serve a page: a request it cannot accept (400) and the
database unavailable (503). Rendered without the request's context processors, which read the session from the
database (docs/security.md §3 and §4)."""

from django.http import HttpResponse
from django.template.loader import render_to_string

from config.service import service


def problem_page(request, *, status: int, title: str, paragraphs: list[str], headers=None) -> HttpResponse:
    html = render_to_string("govuk/problem.html", {"title": title, "paragraphs": paragraphs, **service(request)})
    return HttpResponse(html, status=status, headers=headers)


UNACCEPTABLE_CHARACTERS = "The page address or the form you sent contains characters this service cannot accept."


def bad_request_page(request, reason: str = UNACCEPTABLE_CHARACTERS) -> HttpResponse:
    return problem_page(
        request,
        status=400,
        title="Sorry, there is a problem with your request",
        paragraphs=[reason, "Go back and try again."],
    )
