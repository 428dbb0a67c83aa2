"""Placements and degrees of a trainee."""

from django.db import transaction

from config import clock
from register.errors import Duplicate, RegisterValidationError
from register.models import Degree, Placement, Trainee
from register.rules.degree import clean_degree
from register.rules.placement import clean_placement
from register.selectors import degrees_with_codes

DEGREE_MATCH_FIELDS = ["subject", "graduation_year", "country", "uk_degree", "non_uk_degree", "grade"]


def _touch(trainee: Trainee) -> None:
    # A change to a placement or degree is a change to the trainee, so `since` lists pick it up.
    Trainee.objects.filter(pk=trainee.pk).update(updated_at=clock.now())


def _placement_duplicates(trainee: Trainee, urn: str | None, exclude: Placement | None) -> list[Placement]:
    if not urn:
        return []
    matches = Placement.objects.filter(trainee=trainee, urn=urn)
    return list(matches.exclude(pk=exclude.pk) if exclude else matches)


@transaction.atomic
def placement_create(*, trainee: Trainee, attributes: dict) -> Placement:
    """A trainee's placement school; one placement per URN per trainee."""
    values, messages = clean_placement(attributes, placement=None)
    if messages:
        raise RegisterValidationError(messages)
    duplicates = _placement_duplicates(trainee, values["urn"], exclude=None)
    if duplicates:
        raise Duplicate("Urn has already been taken", duplicates)
    placement = Placement.objects.create(trainee=trainee, **values)
    _touch(trainee)
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, attributes: dict) -> Placement:
    """Only the fields sent change; the URN must stay unique for the trainee."""
    values, messages = clean_placement(attributes, placement=placement)
    if messages:
        raise RegisterValidationError(messages)
    duplicates = _placement_duplicates(placement.trainee, values["urn"], exclude=placement)
    if duplicates:
        raise Duplicate("Urn has already been taken", duplicates)
    for name, value in values.items():
        setattr(placement, name, value)
    placement.save()
    _touch(placement.trainee)
    return placement


@transaction.atomic
def placement_delete(*, placement: Placement) -> Trainee:
    trainee = placement.trainee
    placement.delete()
    _touch(trainee)
    return trainee


# A degree missing any of these is refused (422) before it is compared with the trainee's degrees; a grade is
# required of a UK degree only (a degree with a country is a non-UK one).
DEGREE_REQUIRED_FIELDS = ("subject", "graduation_year")
UK_DEGREE_REQUIRED_FIELDS = ("grade",)


def _degree_duplicates(trainee: Trainee, values: dict, exclude: Degree | None) -> list[Degree]:
    """Degrees of the trainee equal to this one in every compared field, a field empty on both sides being equal
    (docs/register-api.md, "Degrees"; docs/decisions.md 26)."""
    required = DEGREE_REQUIRED_FIELDS + (UK_DEGREE_REQUIRED_FIELDS if values.get("country") is None else ())
    if any(values.get(name) in (None, "") for name in required):
        return []
    # `field=None` would compare with SQL's `=`, for which NULL never equals NULL: empty matches empty instead.
    criteria = {
        (name if values.get(name) is not None else f"{name}__isnull"): (
            values[name] if values.get(name) is not None else True
        )
        for name in DEGREE_MATCH_FIELDS
    }
    matches = degrees_with_codes().filter(trainee=trainee, **criteria)
    return list(matches.exclude(pk=exclude.pk) if exclude else matches)


@transaction.atomic
def degree_create(*, trainee: Trainee, attributes: dict) -> Degree:
    """A degree the trainee holds; an identical degree of the same trainee is a duplicate (checked first)."""
    values, messages = clean_degree(attributes, degree=None)
    duplicates = _degree_duplicates(trainee, values, exclude=None)
    if duplicates:
        raise Duplicate("This is a duplicate degree", duplicates)
    if messages:
        raise RegisterValidationError(messages)
    degree = Degree.objects.create(trainee=trainee, **values)
    _touch(trainee)
    return degree


@transaction.atomic
def degree_update(*, degree: Degree, attributes: dict) -> Degree:
    """Only the fields sent change; the result must not duplicate another of the trainee's degrees."""
    values, messages = clean_degree(attributes, degree=degree)
    duplicates = _degree_duplicates(degree.trainee, values, exclude=degree)
    if duplicates:
        raise Duplicate("This is a duplicate degree", duplicates)
    if messages:
        raise RegisterValidationError(messages)
    for name, value in values.items():
        setattr(degree, name, value)
    degree.save()
    _touch(degree.trainee)
    return degree


@transaction.atomic
def degree_delete(*, degree: Degree) -> Trainee:
    trainee = degree.trainee
    degree.delete()
    _touch(trainee)
    return trainee
