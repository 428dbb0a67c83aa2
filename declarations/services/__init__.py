"""Every change to declarations goes through these services."""

from .create import declaration_record
from .funding import declarations_follow_funding, declarations_promote_fundable, mentor_completion_refresh
from .merges import declarations_follow_merge
from .payments import statement_authorise_payment, statement_mark_payable, statements_mark_due_payable
from .void import declaration_void

__all__ = [
    "declaration_record",
    "declaration_void",
    "declarations_follow_funding",
    "declarations_promote_fundable",
    "declarations_follow_merge",
    "mentor_completion_refresh",
    "statement_authorise_payment",
    "statement_mark_payable",
    "statements_mark_due_payable",
]
