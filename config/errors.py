"""The one collector of validation errors every app's rules add to (docs/lead-provider-api.md "Error bodies",
docs/register-api.md): rules add (attribute, message) pairs in the order the published service reports them; the
lead provider API raises them as one 422 (`raise_any`), Register renders them as full sentences
(`full_messages`)."""

from collections.abc import Iterable


def humanize(attribute: str) -> str:
    """The field name as a sentence starts it ("first_names" → "First names").

    Unlike Rails, a trailing "_id" is kept: the field a provider sends is `hesa_id`, and "Hesa can't be blank"
    names no field they know.
    """
    text = attribute.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


class ValidationErrors:
    """Collects (attribute, message) pairs in validation order; an attribute of None marks a message that is
    already a full sentence."""

    def __init__(self):
        self.items: list[tuple[str | None, str]] = []

    def add(self, attribute: str | None, message: str) -> None:
        self.items.append((attribute, message))

    def add_first(self, attribute: str, message: str) -> None:
        """For rules where an attribute reports only its first failure."""
        if not self.has(attribute):
            self.add(attribute, message)

    def add_messages(self, messages: Iterable[str]) -> None:
        """Full sentences another collector rendered (a nested record's errors)."""
        for message in messages:
            self.add(None, message)

    def has(self, attribute: str) -> bool:
        return any(name == attribute for name, _ in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def full_messages(self) -> list[str]:
        """Each error as one sentence: the humanised attribute, then the message (Register's format)."""
        return [f"{humanize(attribute)} {text}" if attribute else text for attribute, text in self.items]

    def raise_any(self) -> None:
        """Raises the lead provider API's 422 when anything was collected."""
        if self.items:
            from config.api.errors import DomainValidationError

            raise DomainValidationError(self.items)
