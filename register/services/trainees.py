from django.db import transaction

from config import clock
from register.errors import Duplicate, RegisterValidationError
from register.models import Degree, Placement, RecordSource, Trainee, TrainingProvider
from register.rules.submission import submission_errors
from register.rules.trainee import CleanTrainee, clean_trainee
from register.selectors import trainee_duplicates

from .actions import submit_for_trn


@transaction.atomic
def trainee_create(*, training_provider: TrainingProvider, attributes: dict, submit: bool = True) -> Trainee:
    """A provider registers a trainee, with any degrees and placements, and Register asks for a TRN at once.

    Only Register's own screens keep a record as a draft (submit=False); API records are always submitted.

    A record matching an existing trainee (docs/register-api.md, "Creating a trainee") is refused as a duplicate;
    that check comes after the field checks and before the submission checks.
    """
    today = clock.today()
    clean = clean_trainee(attributes, trainee=None, today=today)
    duplicates = trainee_duplicates(training_provider=training_provider, values=clean.values)
    if duplicates:
        raise Duplicate("This trainee is already in Register", duplicates)
    _check_submission(clean, has_degrees=bool(clean.degrees), today=today)
    trainee = Trainee.objects.create(
        training_provider=training_provider, record_source=RecordSource.API, **clean.values
    )
    Placement.objects.bulk_create(Placement(trainee=trainee, **values) for values in clean.placements)
    for values in clean.degrees:
        Degree.objects.create(trainee=trainee, **values)
    if submit:
        submit_for_trn(trainee)
    return trainee


@transaction.atomic
def trainee_update(*, trainee: Trainee, attributes: dict) -> Trainee:
    """PUT and PATCH both change only the fields sent; the merged record must still be valid and submittable."""
    today = clock.today()
    clean = clean_trainee(attributes, trainee=trainee, today=today)
    _check_submission(clean, has_degrees=trainee.degrees.exists(), today=today)
    for name, value in clean.values.items():
        setattr(trainee, name, value)
    trainee.save()
    return trainee


def _check_submission(clean: CleanTrainee, *, has_degrees: bool, today) -> None:
    messages = submission_errors(
        values=clean.values, requires_degree=clean.requires_degree, has_degrees=has_degrees, today=today
    )
    if messages:
        raise RegisterValidationError(messages)
