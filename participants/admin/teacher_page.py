"""What the teacher page shows (docs/support.md, "Teacher page"): overview, schools, training, mentoring,
declarations and the timeline, each read once, with the support actions each row offers the signed-in staff user."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from config import clock
from config.models import Event
from declarations.models import Declaration

from .. import expressions as ex
from ..models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, Teacher, TrainingPeriod
from ..selectors import ROLE_COURSES, latest_training_period
from ..services.mentors import training_lead_provider
from ..services.training_changes import training_movable

TIMELINE_LENGTH = 200


def _ongoing(period, today) -> bool:
    return period.finished_on is None or period.finished_on >= today


def timeline(teacher: Teacher) -> list[Event]:
    """Every event about the teacher, their periods at schools, training, mentorships (as mentee or mentor) and
    declarations, newest first."""
    types = ContentType.objects.get_for_models(
        Teacher, ECTAtSchoolPeriod, MentorAtSchoolPeriod, TrainingPeriod, MentorshipPeriod, Declaration
    )
    subjects = Q(subject_type=types[Teacher], subject_id=teacher.pk)
    for model, rows in (
        (ECTAtSchoolPeriod, ECTAtSchoolPeriod.objects.filter(teacher=teacher)),
        (MentorAtSchoolPeriod, MentorAtSchoolPeriod.objects.filter(teacher=teacher)),
        (TrainingPeriod, TrainingPeriod.objects.filter(teacher=teacher)),
        (MentorshipPeriod, MentorshipPeriod.objects.filter(Q(mentee__teacher=teacher) | Q(mentor__teacher=teacher))),
        (Declaration, Declaration.objects.filter(teacher=teacher)),
    ):
        subjects |= Q(subject_type=types[model], subject_id__in=rows.values("pk"))
    return list(Event.objects.filter(subjects).order_by("-happened_at", "-id")[:TIMELINE_LENGTH])


def teacher_page_context(teacher: Teacher, *, user) -> dict:
    today = clock.today()
    can = {
        "change_training": user.has_perm("participants.change_training"),
        "record_leaving": user.has_perm("participants.record_leaving"),
        "correct": user.has_perm("participants.correct_teacher_details"),
        "refresh": user.has_perm("participants.refresh_teacher"),
        "merge": user.has_perm("participants.merge_teacher"),
        "edit": user.has_perm("participants.change_teacher"),
    }
    schools = []
    for role, model in (("ect", ECTAtSchoolPeriod), ("mentor", MentorAtSchoolPeriod)):
        related = ["school", "reported_leaving_by_school"] + (["appropriate_body"] if role == "ect" else [])
        for period in model.objects.filter(teacher=teacher).select_related(*related).order_by("-started_on"):
            ongoing = _ongoing(period, today) and not teacher.merged_into_id
            schools.append(
                {
                    "role": role,
                    "period": period,
                    "ongoing": ongoing,
                    "record_leaving": ongoing and can["record_leaving"],
                    "correct_email": ongoing and can["correct"],
                }
            )
    schools.sort(key=lambda row: row["period"].started_on, reverse=True)

    training = []
    periods = (
        TrainingPeriod.objects.filter(teacher=teacher)
        .select_related(
            "school",
            "schedule__cohort",
            "expression_of_interest__lead_provider",
            "partnership__delivery_partnership__contract__lead_provider",
            "partnership__delivery_partnership__delivery_partner",
        )
        .annotate(training_status=ex.training_status())
        .order_by("-started_on", "-id")
    )
    for period in periods:
        provider = training_lead_provider(period)
        changeable = can["change_training"] and not teacher.merged_into_id
        movable = changeable and training_movable(period, today=today)
        latest = (
            changeable  # asked only of those who may change it
            and provider is not None
            and period.partnership_id is not None
            and latest_training_period(lead_provider=provider, teacher=teacher, role=period.role) == period
        )
        training.append(
            {
                "period": period,
                "lead_provider": provider,
                "delivery_partner": period.partnership.delivery_partnership.delivery_partner
                if period.partnership_id
                else None,
                "course": ROLE_COURSES[period.role],
                "change_partnership": movable,
                "change_schedule": latest,
            }
        )

    mentors = MentorshipPeriod.objects.filter(mentee__teacher=teacher).select_related(
        "mentor__teacher", "mentee__school"
    )
    mentees = MentorshipPeriod.objects.filter(mentor__teacher=teacher).select_related(
        "mentee__teacher", "mentor__school"
    )
    declarations = (
        Declaration.objects.filter(teacher=teacher)
        .select_related("lead_provider", "cohort", "statement__cohort")
        .order_by("-declaration_date", "-id")
    )
    return {
        "teacher": teacher,
        "can": can,
        "today": today,
        "schools": schools,
        "training": training,
        "mentors": list(mentors.order_by("-started_on")),
        "mentees": list(mentees.order_by("-started_on")),
        "declarations": list(declarations),
        "timeline": timeline(teacher),
        "timeline_length": TIMELINE_LENGTH,
        "merged_records": list(teacher.merged_records.all()),
        "id_changes": list(teacher.participant_id_changes.all()),
    }
