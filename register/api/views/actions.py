from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from register import services

from ..schema import NOT_FOUND, UNAUTHORIZED, UNPROCESSABLE, data_of
from ..serializers import (
    DeferRequestSerializer,
    RecommendRequestSerializer,
    TraineeSerializer,
    WithdrawRequestSerializer,
)
from .base import RegisterAPIView

TRAINEE = data_of("Trainee", TraineeSerializer())


class TraineeActionView(RegisterAPIView):
    success_status = 200

    def act(self, trainee, data: dict):
        raise NotImplementedError

    def post(self, request, trainee_id: str):
        trainee = self.trainee(trainee_id)
        self.act(trainee, self.body_data())
        trainee = self.trainee(trainee_id)
        return Response({"data": TraineeSerializer(trainee).data}, status=self.success_status)


@extend_schema(
    summary="Recommend a trainee for QTS",
    request=RecommendRequestSerializer,
    responses={202: TRAINEE, 401: UNAUTHORIZED, 404: NOT_FOUND, 422: UNPROCESSABLE},
)
class RecommendForQtsView(TraineeActionView):
    success_status = 202

    def act(self, trainee, data):
        services.trainee_recommend_for_qts(trainee=trainee, qts_standards_met_date=data.get("qts_standards_met_date"))


@extend_schema(
    summary="Defer a trainee",
    request=DeferRequestSerializer,
    responses={200: TRAINEE, 401: UNAUTHORIZED, 404: NOT_FOUND, 422: UNPROCESSABLE},
)
class DeferView(TraineeActionView):
    def act(self, trainee, data):
        services.trainee_defer(
            trainee=trainee, defer_date=data.get("defer_date"), defer_reason=data.get("defer_reason")
        )


@extend_schema(
    summary="Withdraw a trainee",
    request=WithdrawRequestSerializer,
    responses={200: TRAINEE, 401: UNAUTHORIZED, 404: NOT_FOUND, 422: UNPROCESSABLE},
)
class WithdrawView(TraineeActionView):
    def act(self, trainee, data):
        services.trainee_withdraw(
            trainee=trainee,
            withdraw_date=data.get("withdraw_date"),
            trigger=data.get("trigger"),
            future_interest=data.get("future_interest"),
            reasons=data.get("reasons"),
            another_reason=data.get("another_reason"),
        )
