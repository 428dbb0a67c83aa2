"""Small text checks shared by the APIs."""


def is_ascii_number(text: str) -> bool:
    """Only 0–9: `str.isdigit()` also accepts characters such as "²" that `int()` refuses."""
    return text.isascii() and text.isdigit()
