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
from .trs import FakeTeacherRecord, InductionStatus

__all__ = [
    "ECTAtSchoolPeriod",
    "FakeTeacherRecord",
    "InductionStatus",
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
