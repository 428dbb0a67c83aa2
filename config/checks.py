"""Deployment checks of the project's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

STAND_IN_TRS = "participants.trs.fake.FakeTRSClient"


@register(Tags.security, deploy=True)
def teacher_record_service_configured(app_configs, **kwargs):
    """The Teacher Record Service's API needs its address and key (docs/support.md, "Teacher Record Service")."""
    if settings.TRS_CLIENT == STAND_IN_TRS or (settings.TRS_API_BASE_URL and settings.TRS_API_KEY):
        return []
    message = "TRS_API_BASE_URL and TRS_API_KEY must be set to reach the Teacher Record Service."
    return [Error(message, id="config.E001")]
