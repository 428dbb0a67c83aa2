"""The domain's errors, below every face: the one collector of validation errors every app's rules add to, and the
error a service raises when a business rule refuses a change (docs/lead-provider-api.md "Error bodies",
docs/register-api.md). Rules add (attribute, message) pairs in the order the published service reports them; the
lead provider API renders them as one 422 (config/api/errors.py), Register as full sentences (`full_messages`)."""

from collections.abc import Iterable


class DomainValidationError(Exception):
    """A business rule refused a change: one or more (API attribute name, exact message) pairs."""

    def __init__(self, errors: list[tuple[str, str]] | str, message: str | None = None):
        if isinstance(errors, str):
            errors = [(errors, message or "")]
        self.errors = errors
        super().__init__("; ".join(f"{attribute}: {text}" for attribute, text in errors))


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
            raise DomainValidationError(self.items)
