"""Register trainees for the benchmarks: one trainee written through the ORM as the API would store it, then copied
with set-based SQL (each copy its own slug, HESA id, names and update time, all in the current academic cycle)."""

from __future__ import annotations

import datetime as dt


def generate(provider, count: int) -> None:
    from django.db import connection, transaction

    from config import clock
    from register.cycles import academic_year_for
    from register.models import Trainee
    from register.models.trainees import TraineeState

    today = clock.today()
    start = dt.date(academic_year_for(today), 9, 1)
    with transaction.atomic():
        template = Trainee.objects.create(
            training_provider=provider,
            state=TraineeState.SUBMITTED_FOR_TRN,
            submitted_for_trn_at=clock.now(),
            hesa_id="9000000000000",
            first_names="Bench",
            last_name="Trainee",
            date_of_birth=dt.date(2000, 1, 1),
            sex="10",
            email="bench.trainee@example.com",
            disability_disclosure="disability_not_provided",
            diversity_disclosure="diversity_not_disclosed",
            training_route="11",
            itt_start_date=start,
            itt_end_date=start + dt.timedelta(days=300),
            trainee_start_date=start,
            start_academic_year=academic_year_for(start),
            course_subject_one="100511",
            study_mode="01",
            course_age_range="13914",
            course_min_age=5,
            course_max_age=11,
            course_education_phase="primary",
            course_year=1,
            course_level="undergrad",
            course_qualification="QTS",
            itt_aim="201",
            fund_code="2",
            funding_method="6",
        )
        columns = [
            f.column
            for f in Trainee._meta.concrete_fields
            if f.column not in ("id", "slug", "hesa_id", "last_name", "email", "created_at", "updated_at")
        ]
        copied = ", ".join(columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO register_trainee ({copied}, slug, hesa_id, last_name, email, created_at, updated_at)
                SELECT {copied}, substr(md5(n::text || 'bench'), 1, 24), (9100000000000 + n)::text, 'Trainee ' || n,
                       'bench.trainee' || n || '@example.com', now() - n * interval '1 second',
                       now() - n * interval '1 second'
                FROM register_trainee, generate_series(1, %s) n WHERE id = %s""",
                [count - 1, template.pk],
            )
            cursor.execute("ANALYZE register_trainee")
