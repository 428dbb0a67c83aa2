"""Every change to declarations goes through these services."""

from .create import declaration_create, declaration_record
from .funding import declarations_promote_fundable, mentor_completion_refresh
from .void import declaration_void

__all__ = [
    "declaration_create",
    "declaration_record",
    "declaration_void",
    "declarations_promote_fundable",
    "mentor_completion_refresh",
]
