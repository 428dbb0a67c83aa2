"""Sandbox schools: a mix of eligible, ineligible, closed, independent and section 41 schools."""

from .models import AppropriateBody, AppropriateBodyType, GiasStatus, School, SchoolUser

_TOWNS = [
    "Ashford",
    "Bexley",
    "Carlisle",
    "Derby",
    "Exeter",
    "Frome",
    "Gateshead",
    "Hexham",
    "Ipswich",
    "Jarrow",
    "Kendal",
    "Leeds",
]
# (kind, establishment type code, type name, status, district code, section 41)
_KINDS = [
    ("Primary School", 1, "Community school", GiasStatus.OPEN, "E09000001", False),
    ("Academy", 28, "Academy sponsor led", GiasStatus.OPEN, "E08000021", False),
    (
        "Church of England Primary School",
        3,
        "Voluntary aided school",
        GiasStatus.PROPOSED_TO_CLOSE,
        "E06000047",
        False,
    ),
    ("Independent School", 11, "Other independent school", GiasStatus.OPEN, "E09000033", False),
    ("Special School", 10, "Other independent special school", GiasStatus.OPEN, "E07000008", True),
    ("High School", 1, "Community school", GiasStatus.CLOSED, "E08000035", False),
    ("Ysgol Gynradd", 30, "Welsh establishment", GiasStatus.OPEN, "W06000015", False),
    ("Free School", 35, "Free schools", GiasStatus.OPEN, "9999", False),
]
SANDBOX_SCHOOL_COUNT = 64
# Schools whose induction tutors can sign in to the school pages: state schools of each kind (some with ECTs
# from the sandbox's partnerships; 100039 has ECTs their lead provider deferred and withdrew), the section 41
# independent special school and a closed school (access denied).
SCHOOL_USER_URNS = ["100000", "100001", "100002", "100004", "100005", "100008", "100009", "100016", "100039"]
APPROPRIATE_BODIES = [
    ("Independent Schools Teacher Induction Panel (ISTIP)", AppropriateBodyType.NATIONAL),
    ("Alban Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Bright Futures Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Cambridge Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Doncaster Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("East Sussex Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Kent County Council", AppropriateBodyType.LOCAL_AUTHORITY),
]


def seed() -> dict[str, dict[str, str]]:
    for number in range(SANDBOX_SCHOOL_COUNT):
        kind, code, type_name, status, district, s41 = _KINDS[number % len(_KINDS)]
        town = _TOWNS[number % len(_TOWNS)]
        School.objects.get_or_create(
            urn=str(100000 + number),
            defaults={
                "name": f"{town} {kind} {number // len(_TOWNS) + 1}",
                "establishment_type_code": code,
                "establishment_type_name": type_name,
                "gias_status": status,
                "administrative_district_code": district,
                "section_41_approved": s41,
                "induction_tutor_name": f"Induction Tutor {number}",
                "induction_tutor_email": f"induction.tutor.{number}@example.com",
            },
        )
    for name, body_type in APPROPRIATE_BODIES:
        AppropriateBody.objects.get_or_create(name=name, defaults={"body_type": body_type})
    users = {}
    for school in School.objects.filter(urn__in=SCHOOL_USER_URNS).order_by("urn"):
        user, _ = SchoolUser.objects.get_or_create(
            email=f"sit.{school.urn}@example.com",
            defaults={"school": school, "full_name": f"Induction Tutor {school.urn}"},
        )
        users[school.urn] = user.email
    return {"school_users": users}
