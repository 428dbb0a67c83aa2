from .providers import TrainingProvider, TrainingProviderAPIToken
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
