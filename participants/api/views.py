from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action

from config.api import schema
from participants import services
from participants.api.resources import ParticipantResource
from participants.filters import ParticipantFilterSet
from participants.selectors import participants_for, teacher_for_write
from partnerships.api.base import LeadProviderViewSet

_single, _ = ParticipantResource.schema_serializers()


def _action_request(name: str, **fields):
    attributes = type(f"{name}Attributes", (serializers.Serializer,), fields)
    data = type(f"{name}Data", (serializers.Serializer,), {"type": serializers.CharField(), "attributes": attributes()})
    return type(f"{name}Request", (serializers.Serializer,), {"data": data()})


COURSE = serializers.ChoiceField(choices=["ecf-induction", "ecf-mentor"])
ACTION_RESPONSES = {
    200: _single,
    400: schema.BAD_REQUEST,
    401: schema.UNAUTHORISED,
    404: schema.NOT_FOUND,
    422: schema.UNPROCESSABLE,
}


def _action_schema(summary: str, request, example: dict):
    return extend_schema(
        summary=summary,
        tags=["Participants"],
        request={"application/json": request},
        responses=ACTION_RESPONSES,
        examples=[OpenApiExample(summary, value={"data": example}, request_only=True, media_type="application/json")],
    )


@extend_schema_view(
    **schema.read_endpoints(
        ParticipantResource,
        tag="Participants",
        list_summary="Retrieve multiple participants",
        show_summary="Retrieve a single participant",
    ),
    defer=_action_schema(
        "Notify that a participant is taking a break from their course",
        _action_request("ParticipantDefer", reason=serializers.CharField(), course_identifier=COURSE),
        {"type": "participant-defer", "attributes": {"reason": "career-break", "course_identifier": "ecf-induction"}},
    ),
    resume=_action_schema(
        "Notify that a participant is resuming their course",
        _action_request("ParticipantResume", course_identifier=COURSE),
        {"type": "participant-resume", "attributes": {"course_identifier": "ecf-mentor"}},
    ),
    withdraw=_action_schema(
        "Notify that a participant has withdrawn from their course",
        _action_request("ParticipantWithdraw", reason=serializers.CharField(), course_identifier=COURSE),
        {
            "type": "participant-withdraw",
            "attributes": {"reason": "left-teaching-profession", "course_identifier": "ecf-induction"},
        },
    ),
    change_schedule=_action_schema(
        "Notify that a participant is changing training schedule",
        _action_request(
            "ParticipantChangeSchedule",
            schedule_identifier=serializers.CharField(),
            course_identifier=COURSE,
            cohort=serializers.CharField(required=False),
        ),
        {
            "type": "participant-change-schedule",
            "attributes": {
                "schedule_identifier": "ecf-standard-january",
                "course_identifier": "ecf-mentor",
                "cohort": "2025",
            },
        },
    ),
)
class ParticipantViewSet(LeadProviderViewSet):
    """ECTs and mentors the lead provider trains, and what it reports about their training."""

    resource = ParticipantResource
    filterset_class = ParticipantFilterSet
    http_method_names = ["get", "put", "head", "options"]

    def get_queryset(self):
        return participants_for(lead_provider=self.lead_provider)

    def _participant(self, api_id):
        """The participant named in the path: retired ids (after a merge) still work; another provider's → 404."""
        teacher = teacher_for_write(participant_id=api_id)
        if teacher is None or not self.get_queryset().filter(pk=teacher.pk).exists():
            raise Http404
        return teacher

    def _act(self, service, api_id, *names):
        teacher = self._participant(api_id)
        attributes = self.request_attributes()
        service(
            lead_provider=self.lead_provider,
            teacher=teacher,
            **{name: attributes.get(name) for name in names},
        )
        return self.render_instance(teacher.api_id)

    @action(detail=True, methods=["put"])
    def defer(self, request, api_id=None):
        return self._act(services.participant_defer, api_id, "course_identifier", "reason")

    @action(detail=True, methods=["put"])
    def resume(self, request, api_id=None):
        return self._act(services.participant_resume, api_id, "course_identifier")

    @action(detail=True, methods=["put"])
    def withdraw(self, request, api_id=None):
        return self._act(services.participant_withdraw, api_id, "course_identifier", "reason")

    @action(detail=True, methods=["put"], url_path="change-schedule")
    def change_schedule(self, request, api_id=None):
        return self._act(
            services.participant_change_schedule, api_id, "course_identifier", "schedule_identifier", "cohort"
        )
