import math

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from config.text import is_ascii_number
from register import selectors, services
from register.errors import NotFound
from register.filters import TraineeFilter

from ..schema import CONFLICT, FILTER_INVALID, NOT_FOUND, UNAUTHORIZED, UNPROCESSABLE, data_of
from ..serializers import TraineeCreateRequestSerializer, TraineeSerializer, TraineeUpdateRequestSerializer
from .base import RegisterAPIView

DEFAULT_PER_PAGE, MAX_PER_PAGE = 50, 100


def _positive_int(value: str | None, default: int) -> int:
    """A paging number; anything but plain ASCII digits (e.g. "١٢", "-1", "") means the default."""
    if value is None or not is_ascii_number(value.strip()):
        return default
    number = int(value)
    return number if number > 0 else default


class TraineeListView(RegisterAPIView):
    @extend_schema(
        summary="Get many trainees (one academic cycle)",
        operation_id="trainees_list",
        parameters=[
            OpenApiParameter(
                "academic_cycle", OpenApiTypes.INT, description="Start year of the cycle (default current)"
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                many=True,
                enum=["course_not_yet_started", "in_training", "deferred", "awarded", "withdrawn"],
            ),
            OpenApiParameter("since", OpenApiTypes.DATETIME, description="Changed or created on or after (ISO 8601)"),
            OpenApiParameter("has_trn", OpenApiTypes.BOOL),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1", default=1),
            OpenApiParameter("per_page", OpenApiTypes.INT, description="At most 100", default=DEFAULT_PER_PAGE),
            OpenApiParameter("sort_order", OpenApiTypes.STR, enum=["asc", "desc"], default="desc"),
        ],
        responses={
            200: inline_serializer(
                "TraineeList",
                {
                    "data": TraineeSerializer(many=True),
                    "meta": inline_serializer(
                        "PageMeta",
                        {
                            n: serializers.IntegerField()
                            for n in ("current_page", "total_pages", "total_count", "per_page")
                        },
                    ),
                },
            ),
            401: UNAUTHORIZED,
            404: NOT_FOUND,
            422: FILTER_INVALID,
        },
    )
    def get(self, request):
        queryset = TraineeFilter(
            request.query_params, queryset=selectors.trainees_listed(training_provider=self.provider)
        ).qs
        page = _positive_int(request.query_params.get("page"), 1)
        per_page = min(_positive_int(request.query_params.get("per_page"), DEFAULT_PER_PAGE), MAX_PER_PAGE)
        total = queryset.count()
        # A page past the last one is empty, however large its number (PostgreSQL's OFFSET is a 64-bit integer).
        offset = (page - 1) * per_page
        trainees = list(queryset[offset : offset + per_page]) if offset < total else []
        if not trainees:
            raise NotFound("No trainees found")
        meta = {
            "current_page": page,
            "total_pages": math.ceil(total / per_page),
            "total_count": total,
            "per_page": per_page,
        }
        return Response({"data": TraineeSerializer(trainees, many=True).data, "meta": meta})

    @extend_schema(
        summary="Create a trainee with nested degrees and placements",
        request=TraineeCreateRequestSerializer,
        responses={201: data_of("Trainee", TraineeSerializer()), 401: UNAUTHORIZED, 409: CONFLICT, 422: UNPROCESSABLE},
    )
    def post(self, request):
        trainee = services.trainee_create(training_provider=self.provider, attributes=self.body_data())
        trainee = selectors.trainee_get(training_provider=self.provider, trainee_id=trainee.slug)
        return Response({"data": TraineeSerializer(trainee).data}, status=201)


class TraineeDetailView(RegisterAPIView):
    @extend_schema(
        summary="Get a single trainee",
        responses={200: data_of("Trainee", TraineeSerializer()), 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def get(self, request, trainee_id: str):
        trainee = selectors.trainee_get(training_provider=self.provider, trainee_id=trainee_id)
        return Response({"data": TraineeSerializer(trainee).data})

    @extend_schema(
        summary="Update a trainee (only the fields sent change)",
        request=TraineeUpdateRequestSerializer,
        responses={200: data_of("Trainee", TraineeSerializer()), 401: UNAUTHORIZED, 404: NOT_FOUND, 422: UNPROCESSABLE},
    )
    def put(self, request, trainee_id: str):
        trainee = selectors.trainee_get(training_provider=self.provider, trainee_id=trainee_id)
        services.trainee_update(trainee=trainee, attributes=self.body_data())
        trainee = selectors.trainee_get(training_provider=self.provider, trainee_id=trainee_id)
        return Response({"data": TraineeSerializer(trainee).data})

    @extend_schema(
        summary="Update a trainee (same as PUT: only the fields sent change)",
        request=TraineeUpdateRequestSerializer,
        responses={200: data_of("Trainee", TraineeSerializer()), 401: UNAUTHORIZED, 404: NOT_FOUND, 422: UNPROCESSABLE},
    )
    def patch(self, request, trainee_id: str):
        return self.put(request, trainee_id)
