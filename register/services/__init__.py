"""Every change to Register data goes through these functions, each in one transaction."""

from .actions import (
    trainee_award,
    trainee_defer,
    trainee_receive_stand_in_trn,
    trainee_receive_trn,
    trainee_recommend_for_qts,
    trainee_withdraw,
    trainees_receive_due_stand_in_trns,
)
from .children import (
    degree_create,
    degree_delete,
    degree_update,
    placement_create,
    placement_delete,
    placement_update,
)
from .tokens import api_token_create, api_token_revoke
from .trainees import trainee_create, trainee_update

__all__ = [
    "api_token_create",
    "api_token_revoke",
    "degree_create",
    "degree_delete",
    "degree_update",
    "placement_create",
    "placement_delete",
    "placement_update",
    "trainee_award",
    "trainee_create",
    "trainee_defer",
    "trainee_receive_stand_in_trn",
    "trainee_receive_trn",
    "trainee_recommend_for_qts",
    "trainee_update",
    "trainee_withdraw",
    "trainees_receive_due_stand_in_trns",
]
