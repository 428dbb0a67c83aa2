from .organisations import (
    DeliveryPartner,
    LeadProvider,
    LeadProviderAPIToken,
    LeadProviderContract,
    LeadProviderDeliveryPartnership,
)
from .partnerships import Partnership
from .reference import Cohort, DeclarationType, Milestone, Schedule, ScheduleType

__all__ = [
    "Cohort",
    "DeclarationType",
    "DeliveryPartner",
    "LeadProvider",
    "LeadProviderAPIToken",
    "LeadProviderContract",
    "LeadProviderDeliveryPartnership",
    "Milestone",
    "Partnership",
    "Schedule",
    "ScheduleType",
]
