from .actions import DeferView, RecommendForQtsView, WithdrawView
from .base import InfoView, NotFoundView
from .children import DegreeDetailView, DegreeListView, PlacementDetailView, PlacementListView
from .trainees import TraineeDetailView, TraineeListView

__all__ = [
    "DeferView",
    "DegreeDetailView",
    "DegreeListView",
    "InfoView",
    "NotFoundView",
    "PlacementDetailView",
    "PlacementListView",
    "RecommendForQtsView",
    "TraineeDetailView",
    "TraineeListView",
    "WithdrawView",
]
