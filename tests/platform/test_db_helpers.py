"""The database helpers a hot path is built from (config/db.py, config/events.py): a query built once and run with
each request's values, and a row inserted with its event in one statement."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField

from config.db import BuiltOnce, Parameter
from config.events import create_recording_event
from config.models import ApiRequestWindow, AuthorType, Event

pytestmark = pytest.mark.django_db
START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def test_a_query_built_once_is_built_and_compiled_once_and_runs_with_each_runs_values(django_assert_num_queries):
    ApiRequestWindow.objects.create(key="a", window_start=START, count=1)
    ApiRequestWindow.objects.create(key="b", window_start=START, count=2)
    built = []

    def build():
        built.append(1)
        return ApiRequestWindow.objects.filter(key=Parameter("key", CharField())).values("count")

    windows = BuiltOnce(build)
    with django_assert_num_queries(3):
        assert windows.first(key="a") == {"count": 1}
        assert windows.first(key="b") == {"count": 2}
        assert windows.first(key=None) is None
    assert built == [1]
    with pytest.raises(TypeError):
        windows.first(name="a")


def test_a_row_and_its_event_are_inserted_in_one_statement(django_assert_num_queries):
    window = ApiRequestWindow(key="a", window_start=START, count=1)
    subject_type = ContentType.objects.get_for_model(ApiRequestWindow)  # looked up once per process
    with django_assert_num_queries(1):
        created = create_recording_event(
            window,
            event_type="window_opened",
            heading="A window opened",
            author_type=AuthorType.LEAD_PROVIDER_API,
            author_name="Someone",
            key="a",
            closed_at=None,
        )
    assert created and window.pk == ApiRequestWindow.objects.get(key="a").pk
    event = Event.objects.get(event_type="window_opened")
    assert (event.subject_type, event.subject_id) == (subject_type, window.pk)
    assert (event.heading, event.author_type, event.author_name) == ("A window opened", "lead_provider_api", "Someone")
    assert event.metadata == {"key": "a", "closed_at": None}
    assert event.happened_at is not None


def test_a_row_a_unique_index_refuses_is_not_inserted_and_gets_no_event():
    ApiRequestWindow.objects.create(key="a", window_start=START, count=1)
    again = ApiRequestWindow(key="a", window_start=START, count=5)
    assert not create_recording_event(again, ignore_conflicts=True, event_type="window_opened", heading="Again")
    assert again.pk is None
    assert list(ApiRequestWindow.objects.values_list("count", flat=True)) == [1]
    assert not Event.objects.filter(event_type="window_opened").exists()
