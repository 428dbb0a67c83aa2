"""Which API a path belongs to: the Register API's versions look like v0.1 or v1.0-pre; anything else under /api/
is the lead provider API's (docs/register-api.md, docs/lead-provider-api.md)."""

import re

_REGISTER_API = re.compile(r"^/api/v\d+\.\d+")


def is_register_api(path: str) -> bool:
    return bool(_REGISTER_API.match(path))
