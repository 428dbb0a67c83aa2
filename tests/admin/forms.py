"""What a browser would submit from an admin page's form, read from the page's HTML (no JavaScript runs)."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    """The successful controls of each form of the page, by the form's id, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, list[tuple[str, str]]] = {}
        self._form: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._select_values: list[str] = []
        self._select_first: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = True
            self._form = self.forms.setdefault(attrs.get("id") or f"form-{len(self.forms)}", [])
            return
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.append((name, attrs.get("value", default) or default))
        elif tag == "select" and name and "disabled" not in attrs:
            self._select, self._select_values, self._select_first = name, [], None
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self._select_values.append(value)
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            values = self._select_values or ([self._select_first] if self._select_first is not None else [])
            self._form.extend((self._select, value) for value in values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self._form.append((self._textarea, self._text[1:] if self._text.startswith("\n") else self._text))
            self._textarea = None


def submitted(html: str, form_id: str) -> dict[str, list[str]]:
    """The data the page's form `form_id` would submit, as the test client posts it (name → values)."""
    parser = _FormFields()
    parser.feed(html)
    assert form_id in parser.forms, (form_id, list(parser.forms))
    data: dict[str, list[str]] = {}
    for name, value in parser.forms[form_id]:
        data.setdefault(name, []).append(value)
    return data
