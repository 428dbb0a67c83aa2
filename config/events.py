"""Recording business events (config.models.Event) from any domain service, inside the service's transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from config.models import AuthorType, Event


def record_event(
    *,
    event_type: str,
    heading: str,
    subject: models.Model,
    author_type: str = AuthorType.SYSTEM,
    author_name: str = "",
    **metadata,
) -> Event:
    return Event.objects.create(
        event_type=event_type,
        heading=heading,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        author_type=author_type,
        author_name=author_name,
        metadata={key: str(value) if value is not None else None for key, value in metadata.items()},
    )
