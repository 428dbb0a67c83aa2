import pytest

from partnerships.services import api_token_create
from register.services import api_token_create as register_token_create
from schools.models import SchoolUser, SupportQuery
from tests.declarations.factories import StatementFactory, declare, ect
from tests.participants.factories import AppropriateBodyFactory, FakeTeacherRecordFactory
from tests.register.factories import DegreeFactory, PlacementFactory, TraineeFactory, TrainingProviderFactory
from tests.statements.factories import AdjustmentFactory
from webhooks.services import endpoint_create, endpoint_send_test


@pytest.fixture
def world(lead_provider):
    """One record of each kind the admin shows."""
    statement = StatementFactory(lead_provider=lead_provider)
    period = ect(lead_provider)
    declaration = declare(lead_provider, period)
    training_provider = TrainingProviderFactory()
    trainee = TraineeFactory(training_provider=training_provider)
    PlacementFactory(trainee=trainee)
    DegreeFactory(trainee=trainee)
    school_user = SchoolUser.objects.create(email="sit@example.com", full_name="Ada Lovelace", school=period.school)
    FakeTeacherRecordFactory()
    AppropriateBodyFactory()
    AdjustmentFactory(statement=statement)
    register_token_create(training_provider=training_provider)
    api_token_create(lead_provider=lead_provider)
    support_query = SupportQuery.objects.create(
        name="Sam Tutor", email="sam@oak.example", school_name="Oak Primary", message="Where is my ECT?"
    )
    endpoint, _ = endpoint_create(
        lead_provider=lead_provider, url="https://provider.example/webhooks", events=["statement.updated"]
    )
    endpoint_send_test(endpoint=endpoint, staff_name="")
    return {
        "support_query": support_query,
        "endpoint": endpoint,
        "statement": statement,
        "declaration": declaration,
        "teacher": period.teacher,
        "school_user": school_user,
        "trainee": trainee,
    }
