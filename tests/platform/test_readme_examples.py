"""Issue 15 item 15: every curl example in README answers data from the seeded sandbox, with the token README
tells the reader to use."""

import json
import re
from pathlib import Path

import pytest
from django.test import Client

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLE = re.compile(
    r"TOKEN=\$\(python3 -c \"(?P<token>[^\n]+)\"\)\ncurl [^\n]*\"http://127\.0\.0\.1:\$\{PORT:-8000\}(?P<path>[^\"]+)\""
)

pytestmark = pytest.mark.django_db


def test_every_readme_curl_example_returns_data_from_the_sandbox(sandbox, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".sandbox").mkdir()
    (tmp_path / ".sandbox" / "tokens.json").write_text(sandbox.tokens_file.read_text())
    examples = list(EXAMPLE.finditer(README.read_text()))
    assert len(examples) >= 2

    for example in examples:
        namespace: dict = {}
        # The example's own one-liner picks the token from the tokens file, as the reader's shell would.
        code = example["token"].replace("print(", "token = (", 1)
        exec(code, {"json": json, "open": open}, namespace)
        response = Client().get(example["path"], HTTP_AUTHORIZATION=f"Bearer {namespace['token']}")
        assert response.status_code == 200, (example["path"], response.content[:300])
        assert response.json()["data"], example["path"]
