"""The rule book (docs/README.md) is the only document code cites: no comment, docstring or template points at a
document outside the repository, and every rule book page a file cites exists, with the section it names."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", "node_modules", ".git", ".pgdata", "docs", "__pycache__", ".pytest_cache", ".ruff_cache"}
SCANNED_SUFFIXES = {".py", ".html", ".txt", ".md"}

# Documents that live outside the repository: the specification folders and their notes. The names are built from
# parts so that this file does not cite them itself.
OUTSIDE = re.compile(
    "|".join(
        [
            r"\bseeds?/",
            r"\.\./shared/",
            r"\b(?:ecf|register)-" + "rules",
            r"\brect-" + "features",
            r"\becf-" + "finance",
            r"\bSTYLE" + r"\.md",
            r"\bseed 0\d\d",
        ]
    ),
    re.IGNORECASE,
)
# The decision records outside the repository; `docs/decisions.md` is ours (case matters here).
OUTSIDE_DECISIONS = re.compile(r"\bDECISIONS" + r"(?:\.md)?\b")
CITATION = re.compile(r"(?<![\w/])(docs/[\w./-]+\.md)(?:,?\s*\(?\s*(?:\"([^\"]+)\"|§\s*(\d+)))?")


def _scanned_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRS for part in relative.parts[:-1]):
            continue
        if path.is_file() and path.suffix in SCANNED_SUFFIXES and relative != Path("README.md"):
            files.append(path)
    return sorted(files)


def _joined(text: str) -> str:
    """The text with line breaks, indentation and comment markers folded away, so that a citation wrapped over two
    comment lines reads as one."""
    lines = (re.sub(r"^\s*(?:#+\s?|\{#\s?)?", "", line) for line in text.splitlines())
    return " ".join(line.strip() for line in lines)


def _headings(document: Path) -> list[str]:
    return [line.lstrip("#").strip() for line in document.read_text().splitlines() if line.startswith("#")]


def _outside_citations(text: str) -> list[str]:
    return [m.group(0) for m in OUTSIDE.finditer(text)] + [m.group(0) for m in OUTSIDE_DECISIONS.finditer(text)]


def test_the_scan_covers_code_migrations_templates_and_tests():
    names = {str(path.relative_to(ROOT)) for path in _scanned_files()}
    assert "declarations/services/create.py" in names
    assert "participants/migrations/0006_require_emails.py" in names
    assert "templates/drf_spectacular/redoc.html" in names
    assert "tests/declarations/test_create_validations.py" in names
    assert not any(name.startswith(("docs/", ".venv/", "node_modules/")) for name in names)


@pytest.mark.parametrize(
    "comment",
    [
        "# Checks run in " + "ecf-" + "rules.md §2.4 order.",
        '"""As seed ' + '001 shows."""',
        "# See " + "DECI" + "SIONS" + ".md 12.",
        "{# ../sha" + "red/docs/" + "STY" + "LE.md #}",
        "# register-" + "rules §2.8 adds defer_reason",
    ],
)
def test_an_outside_citation_is_recognised(comment):
    assert _outside_citations(comment)


def test_our_own_citations_are_not_outside_ones():
    assert _outside_citations('# docs/decisions.md 12; docs/declarations.md, "Checks, in order"; seeded data') == []


def test_no_file_cites_a_document_outside_the_repository():
    offenders = []
    for path in _scanned_files():
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1):
            for citation in _outside_citations(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {citation}")
    assert offenders == []


def test_every_cited_rule_book_page_and_section_exists():
    missing = []
    cited = 0
    for path in [*_scanned_files(), ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for match in CITATION.finditer(_joined(path.read_text(errors="replace"))):
            document, section, number = match.groups()
            cited += 1
            target = ROOT / document
            where = f"{path.relative_to(ROOT)} cites {match.group(0)}"
            if not target.is_file():
                missing.append(f"{where}: no such page")
            elif section and not any(heading.startswith(section) for heading in _headings(target)):
                missing.append(f"{where}: no such section")
            elif number and not any(heading.startswith(f"{number}.") for heading in _headings(target)):
                missing.append(f"{where}: no such numbered section")
    assert cited > 100
    assert missing == []


# The modules that hold the messages people and lead providers read (the Register API's are checked by its own tests).
MESSAGE_MODULES = [
    "config.problem_pages",
    "config.wizard",
    "declarations.rules",
    "participants.rules",
    "participants.school_pages.messages",
    "partnerships.rules",
    "schools.rules",
    "statements.rules",
    "webhooks.rules",
]


def _defined_messages() -> dict[str, str]:
    import importlib

    messages = {}
    for module_name in MESSAGE_MODULES:
        for name, value in vars(importlib.import_module(module_name)).items():
            if name.isupper() and isinstance(value, str) and " " in value:
                messages[f"{module_name}.{name}"] = value
    return messages


def _in_the_rule_book(message: str, pages: list[str]) -> bool:
    """The message's words in order on one page; a `{placeholder}` stands for whatever the page writes there."""
    words = [re.escape(" ".join(part.split())) for part in re.split(r"\{\w+\}", message)]
    pattern = re.compile(r".{1,40}?".join(words))
    return any(pattern.search(page) for page in pages)


def test_every_message_the_code_defines_is_in_the_rule_book():
    """README: the rule book states every message the service answers; tests quote it, so a message written only in
    code would be a message no test can check against its rule."""
    pages = [" ".join(page.read_text().split()) for page in sorted((ROOT / "docs").glob("*.md"))]
    messages = _defined_messages()
    assert len(messages) > 100
    assert [name for name, message in messages.items() if not _in_the_rule_book(message, pages)] == []


def test_a_message_with_other_words_is_not_found_in_the_rule_book():
    pages = [" ".join((ROOT / "docs" / "school-sign-in.md").read_text().split())]
    assert _in_the_rule_book("Your account is locked, please contact support", pages)
    assert not _in_the_rule_book("Your account is locked, please contact the helpdesk", pages)
    assert _in_the_rule_book(
        "{name} is already registered as an ECT at your school",
        ['refused: "<name> is already registered as an ECT at your school"'],
    )
