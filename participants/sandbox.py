"""Sandbox teachers: ECTs and mentors at sandbox schools, with training periods across cohorts 2023–2025 that are
expressions of interest, confirmed by partnerships, school-led, on standard and non-standard schedules; some
schools partnered by two providers in one cohort. Every provider also trains ECTs in every cohort 2021–2026 (2022's
on its non-standard schedules) and one teacher who was its ECT and is now its mentor (TRNs 97…). Also the stand-in
Teacher Record Service's records (docs/school-registration.md "Teacher records"): one per find-teacher branch, and
teachers free to register."""

import datetime as dt

from config import clock
from partnerships import services as partnership_services
from partnerships.models import Cohort, DeliveryPartner, LeadProvider, Partnership, Schedule
from partnerships.sandbox import LEAD_PROVIDERS
from schools.models import School

from . import services
from .models import FakeTeacherRecord, InductionStatus, Teacher
from .school_pages import messages
from .services.registration import registration_dead_end
from .trs.fake import answer_of

SCHEDULES = ["ecf-standard-september", "ecf-standard-january", "ecf-extended-september", "ecf-reduced-september"]


def _partnership(school, lead_provider, cohort) -> Partnership:
    pairing = (
        DeliveryPartner.objects.filter(
            lead_provider_partnerships__contract__lead_provider=lead_provider,
            lead_provider_partnerships__contract__cohort=cohort,
        )
        .order_by("name")
        .first()
        .lead_provider_partnerships.get(contract__lead_provider=lead_provider, contract__cohort=cohort)
    )
    return Partnership.objects.get_or_create(school=school, delivery_partnership=pairing)[0]


# Teachers schools can register in the sandbox (TRN 1000001 onwards); TRN 1999999 is unknown to TRS.
FREE_TEACHERS = 24
FIRST_NAMES = ["Amara", "Ben", "Chloe", "Dev", "Eilidh", "Farah", "George", "Hana", "Isaac", "Jade", "Kofi", "Lena"]
LAST_NAMES = ["Okafor", "Patel", "Quinn", "Roberts", "Singh", "Taylor", "Usman", "Vance", "Walsh", "Young"]
# Dead ends of "find ECT": (TRN, first name, induction status, prohibited from teaching).
DEAD_ENDS = [
    ("1100001", "Passed", InductionStatus.PASSED, False),
    ("1100002", "Failed", InductionStatus.FAILED, False),
    ("1100003", "Exempt", InductionStatus.EXEMPT, False),
    ("1100004", "Prohibited", InductionStatus.IN_PROGRESS, True),
]


def seed_teacher_records() -> None:
    """Idempotent: records are created once and then left as DfE staff may have edited them."""
    for number in range(1, FREE_TEACHERS + 1):
        FakeTeacherRecord.objects.get_or_create(
            trn=f"{1000000 + number}",
            defaults={
                "date_of_birth": dt.date(1985, 1, 1) + dt.timedelta(days=211 * number),
                "national_insurance_number": f"AB{number:06d}C",
                "first_name": FIRST_NAMES[number % len(FIRST_NAMES)],
                "last_name": LAST_NAMES[number % len(LAST_NAMES)],
                "induction_status": InductionStatus.IN_PROGRESS if number % 3 else InductionStatus.NONE,
                "qts_awarded_on": dt.date(2024, 7, 20) if number % 3 else None,
            },
        )
    for trn, first_name, status, prohibited in DEAD_ENDS:
        FakeTeacherRecord.objects.get_or_create(
            trn=trn,
            defaults={
                "date_of_birth": dt.date(1980, 5, 17),
                "national_insurance_number": f"CE{trn[1:]}A",
                "first_name": first_name,
                "last_name": "Sandbox",
                "induction_status": status,
                "qts_awarded_on": dt.date(2019, 7, 20),
                "prohibited_from_teaching": prohibited,
            },
        )
    # Sandbox ECTs already at their schools are in TRS too ("already active at school").
    for teacher in Teacher.objects.filter(trn__startswith="9", ect_at_school_periods__isnull=False).distinct()[:5]:
        FakeTeacherRecord.objects.get_or_create(
            trn=teacher.trn,
            defaults={
                "date_of_birth": dt.date(1995, 3, 14),
                "national_insurance_number": "",
                "first_name": teacher.trs_first_name,
                "last_name": teacher.trs_last_name,
                "induction_status": InductionStatus.IN_PROGRESS,
            },
        )


FREE_TO_REGISTER = "Free to register as an ECT or a mentor"


def _dead_end_shows(record: FakeTeacherRecord) -> str:
    """Where "find ECT" (and "find mentor") stops for a record, in the pages' own words, by the services' own rules
    (`registration_dead_end` for an ECT; a mentor only may not be prohibited from teaching)."""
    teacher = answer_of(record)
    ect = registration_dead_end(teacher=teacher)
    mentor = messages.CANNOT_REGISTER_MENTOR.format(name=teacher.full_name) if teacher.prohibited_from_teaching else ""
    if not ect and not mentor:
        return FREE_TO_REGISTER
    shows = f'Register an ECT stops: "{ect}".' if ect else "Can be registered as an ECT."
    return shows + (f' Register a mentor stops: "{mentor}".' if mentor else " Can be registered as a mentor.")


def sandbox_files() -> dict[str, object]:
    """Written beside the tokens file: the teacher records no school has registered yet, then the dead ends (TRNs
    1100001–1100004), each with what the school pages show for it (docs/school-registration.md, "Teacher
    records")."""
    registered = Teacher.objects.values("trn")
    dead_end_trns = [trn for trn, *_ in DEAD_ENDS]
    unregistered = FakeTeacherRecord.objects.exclude(trn__in=registered).exclude(trn__in=dead_end_trns)
    free = [record for record in unregistered.order_by("trn") if _dead_end_shows(record) == FREE_TO_REGISTER]
    dead_ends = FakeTeacherRecord.objects.filter(trn__in=dead_end_trns)

    def row(record: FakeTeacherRecord, shows: str) -> dict[str, str]:
        return {
            "trn": record.trn,
            "date_of_birth": record.date_of_birth.isoformat(),
            "national_insurance_number": record.national_insurance_number,
            "first_name": record.first_name,
            "last_name": record.last_name,
            "induction_status": record.induction_status,
            "shows": shows,
        }

    return {
        "trs_teachers.json": [
            *(row(record, FREE_TO_REGISTER) for record in free),
            *(row(record, _dead_end_shows(record)) for record in dead_ends.order_by("trn")),
        ]
    }


def _email(teacher: Teacher) -> str:
    """A sandbox teacher's email, as a school would give it (every registration has one)."""
    return f"{teacher.trs_first_name}.{teacher.trs_last_name}@example.com".lower()


def seed() -> dict[str, dict[str, str]]:
    _seed_teachers()
    _seed_cohorts()
    seed_teacher_records()
    return {}


def _seed_teachers() -> None:
    if Teacher.objects.filter(trn__startswith="9").exists():
        return  # already seeded: teachers' histories are not re-created
    providers = list(LeadProvider.objects.filter(name__in=LEAD_PROVIDERS).order_by("name"))
    schools = [s for s in School.objects.order_by("urn") if s.eligible_for_funding][:24]
    cohorts = {c.start_year: c for c in Cohort.objects.filter(start_year__in=[2023, 2024, 2025])}
    number = 0
    for index, school in enumerate(schools):
        year = 2023 + index % 3
        cohort = cohorts[year]
        provider = providers[index % len(providers)]
        kind = index % 4  # 0: confirmed, 1: expression of interest only, 2: school-led, 3: two providers
        if kind in (0, 3):
            _partnership(school, provider, cohort)
        if kind == 3:
            _partnership(school, providers[(index + 1) % len(providers)], cohort)
        started = dt.date(year, 9, 1)
        mentor_teacher = services.teacher_find_or_create(
            trn=f"9{number:06d}", first_name="Mentor", last_name=f"Sandbox{number}"
        )
        number += 1
        mentor = services.mentor_at_school_start(
            teacher=mentor_teacher, school=school, started_on=started, email=_email(mentor_teacher)
        )
        if kind != 2:
            services.training_period_start(
                at_school_period=mentor,
                started_on=started,
                partnership=Partnership.objects.filter(
                    school=school,
                    delivery_partnership__contract__lead_provider=provider,
                    delivery_partnership__contract__cohort=cohort,
                ).first(),
                expression_of_interest=partnership_services.lead_provider_contract_ensure(
                    lead_provider=provider, cohort=cohort
                ),
                schedule=Schedule.objects.get(cohort=cohort, identifier="ecf-standard-september"),
            )
        for ect_number in range(3):
            teacher = services.teacher_find_or_create(
                trn=f"9{number:06d}", first_name="Ect", last_name=f"Sandbox{number}"
            )
            number += 1
            ect = services.ect_at_school_start(
                teacher=teacher, school=school, started_on=started, email=_email(teacher)
            )
            services.mentorship_start(mentee=ect, mentor=mentor, started_on=started)
            if kind == 2:
                services.training_period_start(
                    at_school_period=ect, started_on=started, training_programme="school_led"
                )
                continue
            chosen = providers[(index + (1 if kind == 3 and ect_number == 2 else 0)) % len(providers)]
            partnership = Partnership.objects.filter(
                school=school,
                delivery_partnership__contract__lead_provider=chosen,
                delivery_partnership__contract__cohort=cohort,
            ).first()
            services.training_period_start(
                at_school_period=ect,
                started_on=started,
                partnership=partnership,
                expression_of_interest=partnership_services.lead_provider_contract_ensure(
                    lead_provider=chosen, cohort=cohort
                ),
                schedule=Schedule.objects.get(
                    cohort=cohort, identifier=SCHEDULES[(index + ect_number) % len(SCHEDULES)]
                ),
            )
    _seed_states(providers, [s for s in School.objects.order_by("urn") if s.eligible_for_funding][24:], number)


def _seed_states(providers: list[LeadProvider], schools: list[School], number: int) -> None:
    """For each provider, participants in every state the API shows: deferred, withdrawn, leaving, left, joining,
    transferred to another provider, an unfunded mentor, and a merged duplicate."""
    cohort = Cohort.objects.get(start_year=2025)
    schedule = Schedule.objects.get(cohort=cohort, identifier="ecf-standard-september")
    today = clock.today()

    def new_teacher(first_name: str):
        nonlocal number
        number += 1
        return services.teacher_find_or_create(
            trn=f"9{number:06d}", first_name=first_name, last_name=f"Sandbox{number}"
        )

    def ect(school, partnership, started=dt.date(2025, 9, 1), finished=None, teacher=None):
        teacher = teacher or new_teacher("Ect")
        at_school = services.ect_at_school_start(
            teacher=teacher, school=school, started_on=started, email=_email(teacher)
        )
        period = services.training_period_start(
            at_school_period=at_school, started_on=started, partnership=partnership, schedule=schedule
        )
        if finished:
            period.finished_on = at_school.finished_on = finished
            period.save()
            at_school.save()
        return period

    for index, provider in enumerate(providers):
        school, other_school = schools[2 * index], schools[2 * index + 1]
        mine = _partnership(school, provider, cohort)
        theirs = _partnership(other_school, providers[(index + 1) % len(providers)], cohort)
        for action, reason in (
            (services.participant_defer, "parental-leave"),
            (services.participant_withdraw, "moved-school"),
        ):
            action(
                lead_provider=provider,
                teacher=ect(school, mine).teacher,
                course_identifier="ecf-induction",
                reason=reason,
            )
        ect(school, mine, finished=today + dt.timedelta(days=60))  # leaving
        ect(school, mine, finished=dt.date(2025, 12, 19))  # left
        ect(school, mine, started=today + dt.timedelta(days=30))  # joining
        moved = ect(school, mine, finished=dt.date(2026, 3, 31))  # transferred to the next provider
        ect(other_school, theirs, started=dt.date(2026, 4, 20), teacher=moved.teacher)
        # An unfunded mentor: mentors one of this provider's ECTs and trains with nobody here.
        mentor = services.mentor_at_school_start(
            teacher=new_teacher("Unfunded"),
            school=school,
            started_on=dt.date(2025, 9, 1),
            email=f"mentor{number}@example.com",
        )
        services.mentorship_start(
            mentee=ect(school, mine).ect_at_school_period, mentor=mentor, started_on=dt.date(2025, 9, 1)
        )
        # One ECT registered twice (at the old and the new school), merged by DfE.
        kept = ect(school, mine, finished=dt.date(2025, 12, 31))
        duplicate = ect(other_school, theirs, started=dt.date(2026, 1, 12))
        services.teacher_merge(keep=kept.teacher, retire=duplicate.teacher, author_name="sandbox")


COHORT_YEARS = range(2021, 2027)
# 2022's ECTs: one on the standard schedule, the others on 2022's non-standard schedules, so a provider
# can change a participant's schedule to and from them.
SCHEDULES_2022 = ["ecf-standard-september", "ecf-extended-september", "ecf-reduced-january", "ecf-replacement-april"]


def _seed_cohorts() -> None:
    """Per provider, at one school of its own: two ECTs in each cohort 2021–2026 (four in 2022, one per schedule in
    SCHEDULES_2022), and a teacher who trained with it as an ECT (2021 cohort, finished) and is now its mentor
    (2023 cohort): GET /participants shows one participant with two enrolments. Idempotent by TRN."""
    if Teacher.objects.filter(trn__startswith="97").exists():
        return
    providers = list(LeadProvider.objects.filter(name__in=LEAD_PROVIDERS).order_by("name"))
    schools = [s for s in School.objects.order_by("urn") if s.eligible_for_funding][32:]
    cohorts = {c.start_year: c for c in Cohort.objects.filter(start_year__in=COHORT_YEARS)}
    for index, (provider, school) in enumerate(zip(providers, schools, strict=False)):

        def trn(year: int, number: int) -> str:
            return f"97{index}{year % 10}{number:03d}"  # noqa: B023 (used within this iteration)

        for year in COHORT_YEARS:
            cohort = cohorts[year]
            partnership = _partnership(school, provider, cohort)
            identifiers = SCHEDULES_2022 if year == 2022 else ["ecf-standard-september", "ecf-standard-january"]
            for number, identifier in enumerate(identifiers):
                teacher = services.teacher_find_or_create(
                    trn=trn(year, number), first_name="Ect", last_name=f"Cohort{year}Sandbox{index}{number}"
                )
                started = dt.date(year, 9, 1) if identifier.endswith("september") else dt.date(year + 1, 1, 6)
                if identifier.endswith("april"):
                    started = dt.date(year + 1, 4, 17)
                at_school = services.ect_at_school_start(
                    teacher=teacher, school=school, started_on=started, email=_email(teacher)
                )
                services.training_period_start(
                    at_school_period=at_school,
                    started_on=started,
                    partnership=partnership,
                    schedule=Schedule.objects.get(cohort=cohort, identifier=identifier),
                )
        # ECT in 2021, mentor since 2023: one participant, two enrolments.
        teacher = services.teacher_find_or_create(trn=trn(0, 999), first_name="Ectmentor", last_name=f"Sandbox{index}")
        at_school = services.ect_at_school_start(
            teacher=teacher, school=school, started_on=dt.date(2021, 9, 1), email=_email(teacher)
        )
        period = services.training_period_start(
            at_school_period=at_school,
            started_on=dt.date(2021, 9, 1),
            partnership=_partnership(school, provider, cohorts[2021]),
            schedule=Schedule.objects.get(cohort=cohorts[2021], identifier="ecf-standard-september"),
        )
        period.finished_on = at_school.finished_on = dt.date(2023, 7, 21)
        period.save()
        at_school.save()
        mentor = services.mentor_at_school_start(
            teacher=teacher, school=school, started_on=dt.date(2023, 9, 1), email=_email(teacher)
        )
        services.training_period_start(
            at_school_period=mentor,
            started_on=dt.date(2023, 9, 1),
            partnership=_partnership(school, provider, cohorts[2023]),
            schedule=Schedule.objects.get(cohort=cohorts[2023], identifier="ecf-standard-september"),
        )
