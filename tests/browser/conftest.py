"""Browser tests: Playwright drives Debian's chromium (CHROMIUM_PATH, set by `make test`) against the live
server, and axe-core (from npm) checks every page visited. A screenshot of each page goes to
.browser-screenshots/<test>/ so a failure can be looked at."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core import mail

from tests.jobs import run_queued_jobs

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / ".browser-screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if not path:
        pytest.fail("chromium is not installed: `make test` installs Debian's chromium (scripts/chromium.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """One browser tab on the live server that checks each page it lands on: a unique title, no axe-core
    violations, and a screenshot kept for whoever reads a failure."""

    # Every axe-core rule, best practices included (the school pages are built to pass them all).
    axe_options = "{resultTypes: ['violations']}"

    def __init__(self, page, base_url: str, folder: Path):
        self.page, self.base_url, self.folder = page, base_url, folder
        self.titles: dict[str, str] = {}  # title -> the path that had it
        self.count = 0

    def go(self, path: str):
        self.page.goto(self.base_url + path)
        return self.check()

    def check(self):
        self.count += 1
        # A click that leads to another page returns once the navigation has begun: the screenshot waits for the page
        # to load and for GOV.UK's fonts (until then their text is invisible), so it shows what the user saw.
        self.page.wait_for_load_state("load")
        self.page.evaluate("document.fonts.ready.then(() => true)")
        slug = re.sub(r"[^a-z0-9]+", "-", self.page.url.split("://", 1)[-1].split("/", 1)[-1].lower()).strip("-")
        self.page.screenshot(path=str(self.folder / f"{self.count:02d}-{slug or 'root'}.png"), full_page=True)
        self.page.add_script_tag(path=str(AXE))
        violations = self.page.evaluate(
            f"async () => (await axe.run(document, {self.axe_options})).violations"
            ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)"
        )
        assert violations == [], f"{self.page.url}: {violations}"
        title = self.page.title().removeprefix("Error: ")
        path = self.page.url.split("://", 1)[-1].split("/", 1)[-1].split("?")[0]
        assert title, self.page.url
        assert self.titles.setdefault(title, path) == path, f"two pages share the title {title!r}"
        return self.page

    def click(self, text: str):
        self.page.get_by_role("button", name=text, exact=True).first.click()
        return self.check()

    def follow(self, text: str):
        self.page.get_by_role("link", name=text, exact=True).first.click()
        return self.check()

    def choose(self, label: str):
        self.page.get_by_label(label, exact=True).check()

    def fill(self, label: str, value: str):
        self.page.get_by_label(label, exact=True).fill(value)

    def fill_date(self, field: str, day: int, month: int, year: int):
        self.page.fill(f"#id_{field}_0", str(day))
        self.page.fill(f"#id_{field}_1", str(month))
        self.page.fill(f"#id_{field}_2", str(year))

    def text(self) -> str:
        return self.page.inner_text("main")


def _tab(browser, live_server, request, kind: type, width: int, height: int):
    """A fresh browser context at the given size, its screenshots in the test's own folder."""
    folder = SHOTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield kind(page, live_server.url, folder)
    context.close()


@pytest.fixture
def visit(browser, live_server, request):
    yield from _tab(browser, live_server, request, Visit, 1024, 800)


class AdminVisit(Visit):
    """A tab on the admin: Django's own pages (sign-in, lists, change forms) are held to WCAG 2.1 A and AA, the
    standard the admin itself aims at, rather than to axe-core's best practices (one h1 per page and the like)."""

    axe_options = (
        "{resultTypes: ['violations'], runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"
    )


@pytest.fixture
def admin_visit(browser, live_server, request):
    yield from _tab(browser, live_server, request, AdminVisit, 1280, 900)


def emailed_code(email: str) -> str:
    run_queued_jobs("emails")  # the worker's part: the page only queued the code
    message = [m for m in mail.outbox if email in m.to][-1]
    return re.search(r"code is (\d{6})", message.body).group(1)


def sign_in(visit: Visit, email: str):
    visit.go("/school/sign-in")
    visit.fill("Email address", email)
    visit.click("Continue")
    visit.fill("Sign-in code", emailed_code(email))
    return visit.click("Sign in")
