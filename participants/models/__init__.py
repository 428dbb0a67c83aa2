from .periods import (
    DeferralReason,
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    TrainingPeriod,
    TrainingProgramme,
    TrainingRole,
    WithdrawalReason,
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
