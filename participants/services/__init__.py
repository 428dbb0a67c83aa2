from .actions import participant_defer, participant_resume, participant_withdraw
from .ect_changes import (
    ect_change_appropriate_body,
    ect_change_email,
    ect_change_lead_provider,
    ect_change_name,
    ect_change_training_programme,
    ect_change_working_pattern,
    ect_report_leaving,
)
from .mentor_changes import mentor_change_email, mentor_change_lead_provider, mentor_change_name, mentor_report_leaving
from .mentors import mentor_register, mentorship_assign
from .merges import teacher_merge
from .periods import (
    ect_at_school_start,
    mentor_at_school_start,
    mentorship_start,
    teacher_find_or_create,
    training_period_start,
)
from .registration import ect_register
from .schedule_changes import participant_change_schedule
from .teacher_records import teacher_import_from_trs, teacher_refresh_from_trs
from .training_changes import training_period_change_partnership

__all__ = [
    "ect_change_appropriate_body",
    "ect_change_email",
    "ect_change_lead_provider",
    "ect_change_name",
    "ect_change_training_programme",
    "ect_change_working_pattern",
    "ect_register",
    "ect_report_leaving",
    "mentor_change_email",
    "mentor_change_lead_provider",
    "mentor_change_name",
    "mentor_register",
    "mentor_report_leaving",
    "mentorship_assign",
    "ect_at_school_start",
    "mentor_at_school_start",
    "mentorship_start",
    "participant_change_schedule",
    "participant_defer",
    "participant_resume",
    "participant_withdraw",
    "teacher_find_or_create",
    "teacher_import_from_trs",
    "teacher_merge",
    "teacher_refresh_from_trs",
    "training_period_change_partnership",
    "training_period_start",
]
