"""Reads of Register data, always scoped to the requesting training provider."""

from django.db.models import Prefetch, QuerySet

from .errors import NotFound
from .models import Degree, Placement, Trainee, TraineeState, TrainingProvider

DEGREE_CODES = ["subject", "uk_degree", "non_uk_degree", "grade", "institution", "country"]


def degrees_with_codes() -> QuerySet[Degree]:
    return Degree.objects.select_related(*DEGREE_CODES)


def trainees_with_children(training_provider: TrainingProvider) -> QuerySet[Trainee]:
    """The provider's trainees with what a response needs, in a fixed number of queries."""
    return (
        Trainee.objects.filter(training_provider=training_provider)
        .select_related("training_provider")
        .prefetch_related("placements", Prefetch("degrees", queryset=degrees_with_codes()))
    )


def trainees_listed(*, training_provider: TrainingProvider) -> QuerySet[Trainee]:
    """Drafts are work in progress in Register's own screens, so lists leave them out
    (docs/register-api.md, "Listing trainees")."""
    return trainees_with_children(training_provider).exclude(state=TraineeState.DRAFT)


def trainee_get(*, training_provider: TrainingProvider, trainee_id: str) -> Trainee:
    """One of the provider's trainees, drafts included; anyone else's is "not found".

    Ids are matched ignoring case, as Register does (docs/register-api.md, "Requests and responses"), so an id retyped
    in another case still finds its record; a database constraint keeps slugs unique ignoring case.
    """
    trainee = trainees_with_children(training_provider).filter(slug__iexact=trainee_id).first()
    if trainee is None:
        raise NotFound("Trainee(s) not found")
    return trainee


def placement_get(*, training_provider: TrainingProvider, trainee_id: str, placement_id: str) -> Placement:
    trainee = trainee_get(training_provider=training_provider, trainee_id=trainee_id)
    placement = Placement.objects.filter(trainee=trainee, slug__iexact=placement_id).select_related("trainee").first()
    if placement is None:
        raise NotFound("Placement(s) not found")
    return placement


def degree_get(*, training_provider: TrainingProvider, trainee_id: str, degree_id: str) -> Degree:
    trainee = trainee_get(training_provider=training_provider, trainee_id=trainee_id)
    degree = degrees_with_codes().filter(trainee=trainee, slug__iexact=degree_id).select_related("trainee").first()
    if degree is None:
        raise NotFound("Degree(s) not found")
    return degree


def _first_name_key(first_names: str) -> str:
    # Names match ignoring case, punctuation and anything after the first name.
    cleaned = "".join(ch for ch in first_names.lower() if "a" <= ch <= "z" or ch == " ").split()
    return cleaned[0] if cleaned else ""


def trainee_duplicates(*, training_provider: TrainingProvider, values: dict) -> list[Trainee]:
    """Trainees already in Register that the new record would duplicate (docs/register-api.md, "Creating a trainee")."""
    candidates = (
        trainees_with_children(training_provider)
        .filter(
            date_of_birth=values["date_of_birth"],
            last_name__iexact=values["last_name"],
            training_route=values["training_route"],
            start_academic_year=values["start_academic_year"],
        )
        .exclude(state__in=[TraineeState.WITHDRAWN, TraineeState.AWARDED])
    )
    first_name, email = _first_name_key(values["first_names"]), values["email"].strip().lower()
    return [
        trainee
        for trainee in candidates
        if _first_name_key(trainee.first_names) == first_name or trainee.email.strip().lower() == email
    ]
