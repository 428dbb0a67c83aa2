"""Domain errors raised by Register services and selectors; register/api/errors.py turns them into API bodies."""

from config.errors import humanize as humanize


class RegisterValidationError(Exception):
    """One or more full messages saying why a request was refused (422)."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


class StateTransitionError(Exception):
    """The trainee's state does not allow the action (422 StateTransitionError)."""

    message = "It’s not possible to perform this action while the trainee is in its current state"


class NotFound(Exception):
    """A trainee, placement or degree that does not exist for the requesting provider (404)."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class Duplicate(Exception):
    """The record would duplicate existing ones (409); `records` are the existing matches."""

    def __init__(self, message: str, records: list):
        self.message = message
        self.records = records
        super().__init__(message)


class FilterValidationError(Exception):
    """A list query parameter is invalid; `errors` maps each parameter to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(str(errors))


class MissingData(RegisterValidationError):
    def __init__(self):
        super().__init__(["Param is missing or the value is empty: data"])
