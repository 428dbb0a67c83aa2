from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import generics, mixins, serializers
from rest_framework.response import Response

from register import selectors, services
from register.filters import TraineeFilter

from ..query import RegisterFilterBackend, TraineePagination
from ..schema import CONFLICT, FILTER_INVALID, NOT_FOUND, UNAUTHORIZED, UNPROCESSABLE, data_of
from ..serializers import TraineeCreateRequestSerializer, TraineeSerializer, TraineeUpdateRequestSerializer
from .base import RegisterAPIView

# The page's document as drf-spectacular names it; `many=False`: it is the whole body, not an item of a list.
_TRAINEE_LIST = extend_schema_serializer(many=False)(
    type(
        "TraineeList",
        (serializers.Serializer,),
        {
            "data": TraineeSerializer(many=True),
            "meta": inline_serializer(
                "PageMeta",
                {n: serializers.IntegerField() for n in ("current_page", "total_pages", "total_count", "per_page")},
            ),
        },
    )
)


class TraineeListView(RegisterAPIView, mixins.ListModelMixin, generics.GenericAPIView):
    """GET lists one academic cycle's trainees through DRF's hooks (filters, then the page); POST creates one. The
    published descriptions are the operations' own, so this docstring stays out of the OpenAPI document."""

    serializer_class = TraineeSerializer
    filterset_class = TraineeFilter
    filter_backends = [RegisterFilterBackend]
    pagination_class = TraineePagination

    def get_queryset(self):
        self.receive_due_trns()
        return selectors.trainees_listed(training_provider=self.provider)

    @extend_schema(
        summary="Get many trainees (one academic cycle)",
        description=(
            "Your trainees who started in one academic cycle (the current one unless `academic_cycle` names "
            "another), most recently updated first, a page at a time. Drafts are never listed."
        ),
        operation_id="trainees_list",
        responses={200: _TRAINEE_LIST, 401: UNAUTHORIZED, 404: NOT_FOUND, 422: FILTER_INVALID},
    )
    def get(self, request):
        return self.list(request)

    @extend_schema(
        summary="Create a trainee with nested degrees and placements",
        description="Creates a trainee, with any degrees and placements sent alongside, in one go.",
        request=TraineeCreateRequestSerializer,
        responses={201: data_of("Trainee", TraineeSerializer()), 401: UNAUTHORIZED, 409: CONFLICT, 422: UNPROCESSABLE},
    )
    def post(self, request):
        # The TRNs due to the provider's earlier trainees first: the new trainee's never comes with its own POST
        # (docs/register-api.md, "TRNs in the sandbox").
        self.receive_due_trns()
        trainee = services.trainee_create(training_provider=self.provider, attributes=self.body_data())
        trainee = self.trainee(trainee.slug)
        return Response({"data": TraineeSerializer(trainee).data}, status=201)


class TraineeDetailView(RegisterAPIView):
    @extend_schema(
        summary="Get a single trainee",
        responses={200: data_of("Trainee", TraineeSerializer()), 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def get(self, request, trainee_id: str):
        trainee = self.trainee(trainee_id)
        return Response({"data": TraineeSerializer(trainee).data})

    @extend_schema(
        summary="Update a trainee (only the fields sent change)",
        request=TraineeUpdateRequestSerializer,
        responses={200: data_of("Trainee", TraineeSerializer()), 401: UNAUTHORIZED, 404: NOT_FOUND, 422: UNPROCESSABLE},
    )
    def put(self, request, trainee_id: str):
        trainee = self.trainee(trainee_id)
        services.trainee_update(trainee=trainee, attributes=self.body_data())
        trainee = self.trainee(trainee_id)
        return Response({"data": TraineeSerializer(trainee).data})

    @extend_schema(
        summary="Update a trainee (same as PUT: only the fields sent change)",
        request=TraineeUpdateRequestSerializer,
        responses={200: data_of("Trainee", TraineeSerializer()), 401: UNAUTHORIZED, 404: NOT_FOUND, 422: UNPROCESSABLE},
    )
    def patch(self, request, trainee_id: str):
        return self.put(request, trainee_id)
