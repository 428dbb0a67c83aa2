"""The full-sync data: one large lead provider (and a small second one, so every list is scoped for real), generated
with set-based SQL in a database of its own per size and reused by later runs.

At scale 1: 50,000 participants (groups of five at a school: one mentor and the four ECTs it mentors, the groups spread
over the cohorts 2021-2025 and ten delivery partners) and 200,000 declarations (four per participant). Scale 4 is
four times that. The second provider has a tenth of each.

Rows pass the database's own rules (period nesting, one cohort per training period, statements of the declaration's
provider and cohort); the data is what the API reads, not what a school journey would have written step by step.
"""

from __future__ import annotations

import time

COHORTS = (2021, 2022, 2023, 2024, 2025)
DELIVERY_PARTNERS = 10
GROUP = 5  # a mentor and four ECTs at one school
GROUPS_PER_SCHOOL = 5
TYPES = ("started", "retained-1", "retained-2", "retained-3")
PARTICIPANTS = 50_000
MAIN_PROVIDER = "Bench Sync Provider"
OTHER_PROVIDER = "Bench Sync Neighbour"


def _provider_set_up(name: str):
    """The provider, its contracts, delivery partners and pairings in every cohort, and an open output statement per
    cohort (through the services that DfE's own set-up uses)."""
    from bench.common import open_statement
    from partnerships.models import Cohort, DeliveryPartner, LeadProvider
    from partnerships.services import delivery_partner_pair

    lead_provider, _ = LeadProvider.objects.get_or_create(name=name)
    for year in COHORTS:
        cohort = Cohort.objects.get(start_year=year)
        for index in range(DELIVERY_PARTNERS):
            partner, _ = DeliveryPartner.objects.get_or_create(name=f"{name} partner {index}")
            delivery_partner_pair(lead_provider=lead_provider, delivery_partner=partner, cohort=cohort)
        open_statement(lead_provider=lead_provider, year=year)
    return lead_provider


# Every statement below runs with %(lp)s (the provider's id), %(n)s (participants), %(tag)s (a prefix that keeps this
# provider's generated rows apart) and %(t0)s (the first creation time).
SCHOOLS_SQL = """
INSERT INTO schools_school (api_id, urn, name, gias_status, establishment_type_code, establishment_type_name,
    administrative_district_code, administrative_district_name, section_41_approved, induction_tutor_name,
    induction_tutor_email, created_at, updated_at, api_updated_at)
SELECT gen_random_uuid(), (%(urn0)s + s)::text, %(tag)s || ' school ' || s, 'open', 1, 'Community school', 'E09000001',
       'City of London', false, 'Tutor ' || s, %(tag)s || '.tutor' || s || '@example.com',
       %(t0)s::timestamptz, %(t0)s::timestamptz, %(t0)s::timestamptz
FROM generate_series(0, %(schools)s - 1) s
"""

PARTNERSHIPS_SQL = """
INSERT INTO partnerships_partnership
    (api_id, school_id, delivery_partnership_id, created_at, updated_at, api_updated_at)
SELECT gen_random_uuid(), school.id, pairing.id, %(t0)s::timestamptz, %(t0)s::timestamptz, %(t0)s::timestamptz
FROM schools_school school
JOIN partnerships_leadprovidercontract contract ON contract.lead_provider_id = %(lp)s
JOIN partnerships_deliverypartner partner
  ON partner.name = %(provider_name)s || ' partner ' || ((school.urn::int - %(urn0)s) %% %(partners)s)
JOIN partnerships_leadproviderdeliverypartnership pairing
  ON pairing.contract_id = contract.id AND pairing.delivery_partner_id = partner.id
WHERE school.urn::int BETWEEN %(urn0)s AND %(urn0)s + %(schools)s - 1
"""

# Participant n: group n / 5 (its school and cohort), the group's first member mentors the other four.
TEACHERS_SQL = """
CREATE TEMP TABLE bench_member ON COMMIT DROP AS
SELECT n, n / %(group)s AS grp, n %% %(group)s = 0 AS is_mentor,
       (%(cohorts)s::int[])[1 + (n / %(group)s) %% %(cohort_count)s] AS year,
       %(urn0)s + (n / %(group)s) / %(groups_per_school)s AS urn
FROM generate_series(0, %(n)s - 1) n;
INSERT INTO participants_teacher (api_id, api_ect_training_record_id, api_mentor_training_record_id, trn,
    trs_first_name, trs_last_name, corrected_name, trn_validated, induction_end_date, mentor_funding_end_date,
    mentor_ineligible_for_funding_reason, ect_cohort_changed_after_payments_frozen,
    mentor_cohort_changed_after_payments_frozen, ect_first_became_eligible_for_funding_at,
    mentor_first_became_eligible_for_funding_at, created_at, updated_at, api_updated_at,
    api_unfunded_mentor_updated_at, trs_induction_status, trs_not_found)
SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), (%(trn0)s + n)::text, 'Bench', %(tag)s || ' ' || n, '',
       true, NULL, NULL, '', false, false,
       CASE WHEN NOT is_mentor THEN %(t0)s::timestamptz END, CASE WHEN is_mentor THEN %(t0)s::timestamptz END,
       %(t0)s::timestamptz + n * %(step)s * interval '1 second',
       %(t0)s::timestamptz + n * %(step)s * interval '1 second',
       %(t0)s::timestamptz + n * %(step)s * interval '1 second' + interval '1 day',
       %(t0)s::timestamptz + n * %(step)s * interval '1 second', '', false
FROM bench_member;
CREATE TEMP TABLE bench_teacher ON COMMIT DROP AS
SELECT m.*, t.id AS teacher_id, school.id AS school_id, make_date(m.year, 9, 1) AS started_on
FROM bench_member m
JOIN participants_teacher t ON t.trn = (%(trn0)s + m.n)::text
JOIN schools_school school ON school.urn = m.urn::text;
CREATE INDEX ON bench_teacher (n);
ANALYZE bench_teacher;
INSERT INTO participants_mentoratschoolperiod (teacher_id, school_id, started_on, finished_on, email, created_at)
SELECT teacher_id, school_id, started_on, NULL, 'mentor' || n || '@' || %(tag)s || '.example.com', %(t0)s::timestamptz
FROM bench_teacher WHERE is_mentor;
INSERT INTO participants_ectatschoolperiod (teacher_id, school_id, started_on, finished_on, email, working_pattern,
    created_at)
SELECT teacher_id, school_id, started_on, NULL, 'ect' || n || '@' || %(tag)s || '.example.com', 'full_time',
       %(t0)s::timestamptz
FROM bench_teacher WHERE NOT is_mentor;
INSERT INTO participants_mentorshipperiod (mentee_id, mentor_id, started_on, finished_on, created_at)
SELECT ect.id, mentor.id, t.started_on, NULL, %(t0)s::timestamptz
FROM bench_teacher t
JOIN participants_ectatschoolperiod ect ON ect.teacher_id = t.teacher_id
JOIN bench_teacher m ON m.n = t.grp * %(group)s
JOIN participants_mentoratschoolperiod mentor ON mentor.teacher_id = m.teacher_id
WHERE NOT t.is_mentor;
INSERT INTO participants_trainingperiod (teacher_id, role, school_id, ect_at_school_period_id,
    mentor_at_school_period_id, training_programme, partnership_id, expression_of_interest_id, schedule_id,
    started_on, finished_on, withdrawn_at, withdrawal_reason, deferred_at, deferral_reason, created_at, updated_at)
SELECT t.teacher_id, CASE WHEN t.is_mentor THEN 'mentor' ELSE 'ect' END, t.school_id, ect.id, mentor.id,
       'provider_led', partnership.id, NULL, schedule.id, t.started_on, NULL, NULL, '', NULL, '',
       %(t0)s::timestamptz + t.n * %(step)s * interval '1 second',
       %(t0)s::timestamptz + t.n * %(step)s * interval '1 second'
FROM bench_teacher t
LEFT JOIN participants_ectatschoolperiod ect ON ect.teacher_id = t.teacher_id AND NOT t.is_mentor
LEFT JOIN participants_mentoratschoolperiod mentor ON mentor.teacher_id = t.teacher_id AND t.is_mentor
JOIN partnerships_cohort cohort ON cohort.start_year = t.year
JOIN partnerships_schedule schedule ON schedule.cohort_id = cohort.id AND schedule.identifier = 'ecf-standard-september'
JOIN partnerships_leadprovidercontract contract ON contract.lead_provider_id = %(lp)s AND contract.cohort_id = cohort.id
JOIN partnerships_leadproviderdeliverypartnership pairing ON pairing.contract_id = contract.id
JOIN partnerships_partnership partnership
  ON partnership.delivery_partnership_id = pairing.id AND partnership.school_id = t.school_id;
"""

# Four claims per participant, eligible on the provider's open statement of the cohort, created one after another.
DECLARATIONS_SQL = """
INSERT INTO declarations_declaration (api_id, lead_provider_id, teacher_id, training_period_id, course_identifier,
    declaration_type, declaration_date, evidence_held, cohort_id, delivery_partner_id, mentor_id, pupil_premium_uplift,
    sparsity_uplift, payment_state, clawback_state, ineligible_reason, statement_id, created_at, updated_at)
SELECT gen_random_uuid(), %(lp)s, tp.teacher_id, tp.id,
       CASE WHEN tp.role = 'ect' THEN 'ecf-induction' ELSE 'ecf-mentor' END, kind.value,
       make_timestamptz(cohort.start_year, 10, 1, 10, 0, 0, 'UTC') + kind.ordinality * interval '90 days', 'other',
       cohort.id, pairing.delivery_partner_id, mentor_at_school.teacher_id, false, false, 'eligible', '', '',
       statement.id,
       %(t0)s::timestamptz + interval '30 days' + (t.n * 4 + kind.ordinality) * %(step)s * interval '1 second',
       %(t0)s::timestamptz + interval '30 days' + (t.n * 4 + kind.ordinality) * %(step)s * interval '1 second'
FROM participants_trainingperiod tp
JOIN participants_teacher teacher ON teacher.id = tp.teacher_id
JOIN LATERAL (SELECT (teacher.trn::int - %(trn0)s) AS n) t ON true
JOIN partnerships_schedule schedule ON schedule.id = tp.schedule_id
JOIN partnerships_cohort cohort ON cohort.id = schedule.cohort_id
JOIN partnerships_partnership partnership ON partnership.id = tp.partnership_id
JOIN partnerships_leadproviderdeliverypartnership pairing ON pairing.id = partnership.delivery_partnership_id
JOIN statements_statement statement
  ON statement.lead_provider_id = %(lp)s AND statement.cohort_id = cohort.id AND statement.year = 2099
LEFT JOIN participants_mentorshipperiod mentorship ON mentorship.mentee_id = tp.ect_at_school_period_id
LEFT JOIN participants_mentoratschoolperiod mentor_at_school ON mentor_at_school.id = mentorship.mentor_id
CROSS JOIN unnest(%(types)s::text[]) WITH ORDINALITY AS kind(value, ordinality)
WHERE teacher.trn::int BETWEEN %(trn0)s AND %(trn0)s + %(n)s - 1
"""


def _generate(*, name: str, participants: int, urn0: int, trn0: int, t0: str, step: int) -> None:
    from django.db import transaction

    from bench.common import script_cursor

    lead_provider = _provider_set_up(name)
    schools = -(-participants // (GROUP * GROUPS_PER_SCHOOL))
    params = {
        "lp": lead_provider.pk,
        "provider_name": name,
        "n": participants,
        "tag": name.split()[-1].lower(),
        "t0": t0,
        "step": step,
        "urn0": urn0,
        "trn0": trn0,
        "schools": schools,
        "partners": DELIVERY_PARTNERS,
        "group": GROUP,
        "groups_per_school": GROUPS_PER_SCHOOL,
        "cohorts": list(COHORTS),
        "cohort_count": len(COHORTS),
        "types": list(TYPES),
    }
    with transaction.atomic(), script_cursor() as cursor:
        for sql in (SCHOOLS_SQL, PARTNERSHIPS_SQL, TEACHERS_SQL):
            cursor.execute(sql, params)
    with transaction.atomic(), script_cursor() as cursor:
        cursor.execute(DECLARATIONS_SQL, params)


def ensure(scale: int) -> None:
    """Generates the data of this size in the current database once; a later run finds it and does nothing."""
    from django.db import connection

    from declarations.models import Declaration
    from partnerships.models import LeadProvider

    main = LeadProvider.objects.filter(name=MAIN_PROVIDER).first()
    if main is not None and Declaration.objects.filter(lead_provider=main).exists():
        return
    started = time.perf_counter()
    print(f"generating the {scale}x full-sync data (once)...", flush=True)
    size = PARTICIPANTS * scale
    # Creation times in the past, a second apart; the neighbour's spread over the same time, so every page of the main
    # provider's lists passes over some of the neighbour's rows, as it would in a database of several providers.
    _generate(name=MAIN_PROVIDER, participants=size, urn0=200000, trn0=2000000, t0="2024-01-01T00:00:00Z", step=1)
    _generate(
        name=OTHER_PROVIDER, participants=size // 10, urn0=100000, trn0=1100000, t0="2024-01-01T00:00:00.5Z", step=10
    )
    with connection.cursor() as cursor:
        # What autovacuum does on a live database: statistics for the planner, the visibility map for index-only scans.
        cursor.execute("VACUUM (ANALYZE)")
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
