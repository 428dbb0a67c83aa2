from .periods import (
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    TrainingPeriod,
    TrainingProgramme,
    TrainingRole,
    WithdrawalReason,
    DeferralReason,
    WorkingPattern,
)
from .teachers import MentorIneligibleReason, ParticipantIdChange, Teacher

__all__ = [
    "ECTAtSchoolPeriod",
    "MentorAtSchoolPeriod",
    "MentorIneligibleReason",
    "MentorshipPeriod",
    "ParticipantIdChange",
    "Teacher",
    "TrainingPeriod",
    "TrainingProgramme",
    "TrainingRole",
    "WorkingPattern",
    "WithdrawalReason",
    "DeferralReason",
]
