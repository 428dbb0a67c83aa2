"""A trainee's placements and degrees."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from register import selectors, services
from register.models import Degree, Placement

from ..schema import CONFLICT, NOT_FOUND, UNAUTHORIZED, UNPROCESSABLE, data_of
from ..serializers import (
    DegreeRequestSerializer,
    DegreeSerializer,
    PlacementRequestSerializer,
    PlacementSerializer,
    TraineeSerializer,
)
from .base import RegisterAPIView


def _trainee_response(view: RegisterAPIView, trainee_id: str) -> Response:
    trainee = selectors.trainee_get(training_provider=view.provider, trainee_id=trainee_id)
    return Response({"data": TraineeSerializer(trainee).data})


class PlacementListView(RegisterAPIView):
    @extend_schema(
        summary="Get a trainee's placements",
        operation_id="placements_list",
        responses={200: data_of("Placements", PlacementSerializer(many=True)), 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def get(self, request, trainee_id: str):
        trainee = selectors.trainee_get(training_provider=self.provider, trainee_id=trainee_id)
        return Response({"data": PlacementSerializer(trainee.placements.all(), many=True).data})

    @extend_schema(
        summary="Create a placement (one per URN per trainee)",
        request=PlacementRequestSerializer,
        responses={
            201: data_of("Placement", PlacementSerializer()),
            401: UNAUTHORIZED,
            404: NOT_FOUND,
            409: CONFLICT,
            422: UNPROCESSABLE,
        },
    )
    def post(self, request, trainee_id: str):
        trainee = selectors.trainee_get(training_provider=self.provider, trainee_id=trainee_id)
        placement = services.placement_create(trainee=trainee, attributes=self.body_data())
        return Response({"data": PlacementSerializer(placement).data}, status=201)


class PlacementDetailView(RegisterAPIView):
    def get_placement(self, trainee_id: str, placement_id: str) -> Placement:
        return selectors.placement_get(
            training_provider=self.provider, trainee_id=trainee_id, placement_id=placement_id
        )

    @extend_schema(
        summary="Get a placement",
        responses={200: data_of("Placement", PlacementSerializer()), 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def get(self, request, trainee_id: str, placement_id: str):
        return Response({"data": PlacementSerializer(self.get_placement(trainee_id, placement_id)).data})

    @extend_schema(
        summary="Update a placement (only the fields sent change)",
        request=PlacementRequestSerializer,
        responses={
            200: data_of("Placement", PlacementSerializer()),
            401: UNAUTHORIZED,
            404: NOT_FOUND,
            409: CONFLICT,
            422: UNPROCESSABLE,
        },
    )
    def put(self, request, trainee_id: str, placement_id: str):
        placement = self.get_placement(trainee_id, placement_id)
        placement = services.placement_update(placement=placement, attributes=self.body_data())
        return Response({"data": PlacementSerializer(placement).data})

    @extend_schema(
        summary="Update a placement (same as PUT)",
        request=PlacementRequestSerializer,
        responses={200: data_of("Placement", PlacementSerializer()), 404: NOT_FOUND, 409: CONFLICT, 422: UNPROCESSABLE},
    )
    def patch(self, request, trainee_id: str, placement_id: str):
        return self.put(request, trainee_id, placement_id)

    @extend_schema(
        summary="Delete a placement; answers with the trainee",
        responses={200: data_of("Trainee", TraineeSerializer()), 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def delete(self, request, trainee_id: str, placement_id: str):
        services.placement_delete(placement=self.get_placement(trainee_id, placement_id))
        return _trainee_response(self, trainee_id)


class DegreeListView(RegisterAPIView):
    @extend_schema(
        summary="Get a trainee's degrees",
        operation_id="degrees_list",
        responses={200: data_of("Degrees", DegreeSerializer(many=True)), 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def get(self, request, trainee_id: str):
        trainee = selectors.trainee_get(training_provider=self.provider, trainee_id=trainee_id)
        return Response({"data": DegreeSerializer(trainee.degrees.all(), many=True).data})

    @extend_schema(
        summary="Create a degree (an identical degree of the trainee is a duplicate)",
        request=DegreeRequestSerializer,
        responses={
            201: data_of("CreatedDegree", DegreeSerializer(many=True)),
            401: UNAUTHORIZED,
            404: NOT_FOUND,
            409: CONFLICT,
            422: UNPROCESSABLE,
        },
    )
    def post(self, request, trainee_id: str):
        trainee = selectors.trainee_get(training_provider=self.provider, trainee_id=trainee_id)
        degree = services.degree_create(trainee=trainee, attributes=self.body_data())
        # The published example shows the created degree inside a one-element array, and the published shapes
        # win over the original service, which answered a bare object (docs/decisions.md 12). Only this response is an
        # array: GET and PUT/PATCH of one degree answer an object (docs/register-api.md, "Degrees").
        return Response({"data": [DegreeSerializer(degree).data]}, status=201)


class DegreeDetailView(RegisterAPIView):
    def get_degree(self, trainee_id: str, degree_id: str) -> Degree:
        return selectors.degree_get(training_provider=self.provider, trainee_id=trainee_id, degree_id=degree_id)

    @extend_schema(
        summary="Get a degree",
        responses={200: data_of("Degree", DegreeSerializer()), 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def get(self, request, trainee_id: str, degree_id: str):
        return Response({"data": DegreeSerializer(self.get_degree(trainee_id, degree_id)).data})

    @extend_schema(
        summary="Update a degree (only the fields sent change)",
        request=DegreeRequestSerializer,
        responses={
            200: data_of("Degree", DegreeSerializer()),
            401: UNAUTHORIZED,
            404: NOT_FOUND,
            409: CONFLICT,
            422: UNPROCESSABLE,
        },
    )
    def put(self, request, trainee_id: str, degree_id: str):
        degree = services.degree_update(degree=self.get_degree(trainee_id, degree_id), attributes=self.body_data())
        return Response({"data": DegreeSerializer(degree).data})

    @extend_schema(
        summary="Update a degree (same as PUT)",
        request=DegreeRequestSerializer,
        responses={200: data_of("Degree", DegreeSerializer()), 404: NOT_FOUND, 409: CONFLICT, 422: UNPROCESSABLE},
    )
    def patch(self, request, trainee_id: str, degree_id: str):
        return self.put(request, trainee_id, degree_id)

    @extend_schema(
        summary="Delete a degree; answers with the trainee",
        responses={200: data_of("Trainee", TraineeSerializer()), 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def delete(self, request, trainee_id: str, degree_id: str):
        services.degree_delete(degree=self.get_degree(trainee_id, degree_id))
        return _trainee_response(self, trainee_id)
