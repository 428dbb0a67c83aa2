"""Issue 15 item 17: both API docs pages (and the landing page linking to them) pass axe-core once rendered, and
load nothing from outside the service."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("path", ["/", "/api/docs/v3", "/api/docs/v1.0-pre"])
def test_docs_pages_pass_axe_and_load_nothing_from_outside(visit, path):
    outside = []

    def refuse(route):
        # Any request that reaches the network for another host is recorded (and never sent).
        outside.append(route.request.url)
        route.abort()

    visit.page.set_default_timeout(90000)  # the full-page screenshot of a long reference on a busy machine
    visit.page.route(lambda url: not url.startswith((visit.base_url, "data:", "blob:", "about:")), refuse)
    visit.page.goto(visit.base_url + path)
    if path != "/":
        # The reference is rendered from the OpenAPI document after the page loads.
        visit.page.wait_for_selector("#redoc-container[data-ready]", timeout=60000)
    page = visit.check()

    assert page.get_attribute("html", "lang")
    assert page.locator("main, [role=main]").count() >= 1
    assert page.locator("h1").count() >= 1
    assert outside == []
