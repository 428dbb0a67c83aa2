from .children import DegreeSerializer, NestedPlacementSerializer, PlacementSerializer
from .requests import (
    DeferRequestSerializer,
    DegreeRequestSerializer,
    PlacementRequestSerializer,
    RecommendRequestSerializer,
    TraineeCreateRequestSerializer,
    TraineeUpdateRequestSerializer,
    WithdrawRequestSerializer,
)
from .trainees import TraineeSerializer

__all__ = [
    "DeferRequestSerializer",
    "DegreeRequestSerializer",
    "DegreeSerializer",
    "NestedPlacementSerializer",
    "PlacementRequestSerializer",
    "PlacementSerializer",
    "RecommendRequestSerializer",
    "TraineeCreateRequestSerializer",
    "TraineeSerializer",
    "TraineeUpdateRequestSerializer",
    "WithdrawRequestSerializer",
]
