"""A trainee's placements and degrees: one pair of views (the list, one record) made from each kind's declaration."""

from collections.abc import Callable
from dataclasses import dataclass

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from register import selectors, services

from ..schema import CONFLICT, NOT_FOUND, UNAUTHORIZED, UNPROCESSABLE, data_of
from ..serializers import (
    DegreeRequestSerializer,
    DegreeSerializer,
    PlacementRequestSerializer,
    PlacementSerializer,
    TraineeSerializer,
)
from .base import RegisterAPIView


@dataclass(frozen=True)
class ChildKind:
    """One kind of record a trainee has: how the API names and shows it, how one is found, and the services that
    create, change and delete it."""

    name: str  # "placement"
    serializer: type[serializers.Serializer]
    request_serializer: type[serializers.Serializer]
    related_name: str  # the trainee's relation to its records
    get: Callable  # selector: (training_provider, trainee_id, <name>_id) -> record
    create: Callable
    update: Callable
    delete: Callable
    create_summary: str
    # The published example answers a created degree inside a one-element array, and the published shapes win over
    # the original service (docs/decisions.md 12; docs/register-api.md, "Degrees"): only that response is an array.
    created_as_list: bool = False

    @property
    def title(self) -> str:
        return self.name.capitalize()


def _views(kind: ChildKind) -> tuple[type[RegisterAPIView], type[RegisterAPIView]]:
    """The list view (GET, POST) and the record view (GET, PUT, PATCH, DELETE) of one kind."""
    title, plural = kind.title, f"{kind.title}s"
    created = kind.serializer(many=True) if kind.created_as_list else kind.serializer()
    changed = {
        200: data_of(title, kind.serializer()),
        401: UNAUTHORIZED,
        404: NOT_FOUND,
        409: CONFLICT,
        422: UNPROCESSABLE,
    }

    class ListView(RegisterAPIView):
        @extend_schema(
            summary=f"Get a trainee's {kind.name}s",
            operation_id=f"{kind.name}s_list",
            responses={200: data_of(plural, kind.serializer(many=True)), 401: UNAUTHORIZED, 404: NOT_FOUND},
        )
        def get(self, request, trainee_id: str):
            trainee = self.trainee(trainee_id)
            records = getattr(trainee, kind.related_name).all()
            return Response({"data": kind.serializer(records, many=True).data})

        @extend_schema(
            summary=kind.create_summary,
            request=kind.request_serializer,
            responses={
                201: data_of(f"Created{title}" if kind.created_as_list else title, created),
                **{key: value for key, value in changed.items() if key != 200},
            },
        )
        def post(self, request, trainee_id: str):
            trainee = self.trainee(trainee_id)
            record = kind.create(trainee=trainee, attributes=self.body_data())
            data = kind.serializer(record).data
            return Response({"data": [data] if kind.created_as_list else data}, status=201)

    class DetailView(RegisterAPIView):
        def record(self, trainee_id: str, record_id: str):
            self.receive_due_trns()
            return kind.get(training_provider=self.provider, trainee_id=trainee_id, **{f"{kind.name}_id": record_id})

        @extend_schema(
            summary=f"Get a {kind.name}",
            responses={200: data_of(title, kind.serializer()), 401: UNAUTHORIZED, 404: NOT_FOUND},
        )
        def get(self, request, trainee_id: str, **ids):
            return Response({"data": kind.serializer(self.record(trainee_id, *ids.values())).data})

        @extend_schema(
            summary=f"Update a {kind.name} (only the fields sent change)",
            request=kind.request_serializer,
            responses=changed,
        )
        def put(self, request, trainee_id: str, **ids):
            record = self.record(trainee_id, *ids.values())
            record = kind.update(**{kind.name: record}, attributes=self.body_data())
            return Response({"data": kind.serializer(record).data})

        @extend_schema(
            summary=f"Update a {kind.name} (same as PUT)",
            request=kind.request_serializer,
            responses={key: value for key, value in changed.items() if key != 401},
        )
        def patch(self, request, trainee_id: str, **ids):
            return self.put(request, trainee_id, **ids)

        @extend_schema(
            summary=f"Delete a {kind.name}; answers with the trainee",
            responses={200: data_of("Trainee", TraineeSerializer()), 401: UNAUTHORIZED, 404: NOT_FOUND},
        )
        def delete(self, request, trainee_id: str, **ids):
            kind.delete(**{kind.name: self.record(trainee_id, *ids.values())})
            trainee = self.trainee(trainee_id)
            return Response({"data": TraineeSerializer(trainee).data})

    ListView.__name__, DetailView.__name__ = f"{title}ListView", f"{title}DetailView"
    ListView.__qualname__, DetailView.__qualname__ = ListView.__name__, DetailView.__name__
    return ListView, DetailView


PLACEMENTS = ChildKind(
    name="placement",
    serializer=PlacementSerializer,
    request_serializer=PlacementRequestSerializer,
    related_name="placements",
    get=selectors.placement_get,
    create=services.placement_create,
    update=services.placement_update,
    delete=services.placement_delete,
    create_summary="Create a placement (one per URN per trainee)",
)
DEGREES = ChildKind(
    name="degree",
    serializer=DegreeSerializer,
    request_serializer=DegreeRequestSerializer,
    related_name="degrees",
    get=selectors.degree_get,
    create=services.degree_create,
    update=services.degree_update,
    delete=services.degree_delete,
    create_summary="Create a degree (an identical degree of the trainee is a duplicate)",
    created_as_list=True,
)

PlacementListView, PlacementDetailView = _views(PLACEMENTS)
DegreeListView, DegreeDetailView = _views(DEGREES)
