"""Placement field rules (docs/register-api.md, "Placements")."""

import re

from config.errors import ValidationErrors
from register.models import Placement
from schools.models import School

from .common import normalise_postcode, reject_structured, squish

# URNs that mean "no school URN applies"; nested placements get these names automatically.
NOT_APPLICABLE_URNS = {
    "900000": "Placement outside England and Wales",
    "900010": "Not applicable or not available",
    "900020": "Establishment does not have a URN",
    "900030": "Not available",
}
URN = re.compile(r"^\d{6}$")


def clean_placement(sent: dict, *, placement: Placement | None, nested: bool = False) -> tuple[dict, list[str]]:
    errors = ValidationErrors()
    merged = {"urn": placement.urn, "name": placement.name, "postcode": placement.postcode} if placement else {}
    merged.update({key: sent[key] for key in ("urn", "name", "postcode") if key in sent})
    reject_structured(merged, errors)
    values = {key: squish(merged.get(key)) for key in ("urn", "name", "postcode")}

    if values["urn"] and not URN.match(values["urn"]):
        errors.add("urn", "is invalid")
    if not values["name"] and nested and values["urn"] in NOT_APPLICABLE_URNS:
        values["name"] = NOT_APPLICABLE_URNS[values["urn"]]
    if not values["name"] and values["urn"] and URN.match(values["urn"]):
        # The name is "required if urn is not provided" (docs/register-api.md, "Placements sent with a URN and
        # no name"): a school this service knows names itself.
        values["name"] = School.objects.filter(urn=values["urn"]).values_list("name", flat=True).first()
    if not values["name"] and not values["urn"]:
        errors.add("name", "can't be blank")
    elif values["name"] and len(values["name"]) > 255:
        errors.add("name", "is too long (maximum is 255 characters)")
    if values["postcode"]:
        postcode = normalise_postcode(values["postcode"])
        if postcode is None:
            errors.add("postcode", "Enter a valid postcode (for example, BN1 1AA)")
        values["postcode"] = postcode
    return values, errors.full_messages()
