from .periods import (
    ECTAtSchoolPeriod,
    MentorAtSchoolPeriod,
    MentorshipPeriod,
    TrainingPeriod,
    TrainingProgramme,
    TrainingRole,
    WorkingPattern,
)
from .teachers import Teacher

__all__ = [
    "ECTAtSchoolPeriod",
    "MentorAtSchoolPeriod",
    "MentorshipPeriod",
    "Teacher",
    "TrainingPeriod",
    "TrainingProgramme",
    "TrainingRole",
    "WorkingPattern",
]
