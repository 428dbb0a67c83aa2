from .actions import participant_defer, participant_resume, participant_withdraw
from .merges import teacher_merge
from .periods import (
    ect_at_school_start,
    mentor_at_school_start,
    mentorship_start,
    teacher_find_or_create,
    training_period_start,
)
from .schedule_changes import participant_change_schedule

__all__ = [
    "ect_at_school_start",
    "mentor_at_school_start",
    "mentorship_start",
    "participant_change_schedule",
    "participant_defer",
    "participant_resume",
    "participant_withdraw",
    "teacher_find_or_create",
    "teacher_merge",
    "training_period_start",
]
