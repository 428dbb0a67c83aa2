from .providers import LeadPartner, TrainingProvider, TrainingProviderAPIToken
from .reference import AcademicCycle, CodeList, ReferenceCode
from .trainees import (
    Degree,
    DiversityDisclosure,
    Placement,
    RecordSource,
    Trainee,
    TraineeState,
    WithdrawalFutureInterest,
    WithdrawalTrigger,
)

__all__ = [
    "AcademicCycle",
    "CodeList",
    "Degree",
    "DiversityDisclosure",
    "LeadPartner",
    "Placement",
    "RecordSource",
    "ReferenceCode",
    "Trainee",
    "TraineeState",
    "TrainingProvider",
    "TrainingProviderAPIToken",
    "WithdrawalFutureInterest",
    "WithdrawalTrigger",
]
