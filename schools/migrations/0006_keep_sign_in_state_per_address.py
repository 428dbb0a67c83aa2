"""Sign-in state moves from school users to one row per email address, known or not (docs/school-sign-in.md): every
address is then answered with the same steps. Wrong codes and locks carry over; a code not yet used does not (its
user asks for a new one)."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone
from django.utils.crypto import salted_hmac


def carry_over_locks(apps, schema_editor):
    # The same keyed hash as schools.auth.email_digest, written out here as migrations must not change later.
    SchoolUser = apps.get_model("schools", "SchoolUser")
    EmailSignIn = apps.get_model("schools", "EmailSignIn")
    now = timezone.now()
    for user in SchoolUser.objects.exclude(failed_attempts=0, locked_at__isnull=True):
        digest = salted_hmac(
            "schools.email_sign_in.address", user.email.strip().lower(), algorithm="sha256"
        ).hexdigest()
        EmailSignIn.objects.create(
            email_digest=digest,
            school_user=user,
            failed_codes=user.failed_attempts,
            locked_at=user.locked_at,
            updated_at=now,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0005_add_unlock_and_act_as_school_permissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="EmailSignIn",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email_digest", models.CharField(max_length=64, unique=True)),
                ("code_digest", models.CharField(blank=True, max_length=64)),
                ("code_issued_at", models.DateTimeField(blank=True, null=True)),
                ("failed_codes", models.PositiveSmallIntegerField(default=0)),
                ("locked_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField()),
                (
                    "school_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="email_sign_ins",
                        to="schools.schooluser",
                    ),
                ),
            ],
            options={
                "ordering": ["email_digest"],
            },
        ),
        migrations.RunPython(carry_over_locks, migrations.RunPython.noop),
        migrations.RemoveField(model_name="historicalschooluser", name="failed_attempts"),
        migrations.RemoveField(model_name="historicalschooluser", name="locked_at"),
        migrations.RemoveField(model_name="historicalschooluser", name="otp_issued_at"),
        migrations.RemoveField(model_name="schooluser", name="failed_attempts"),
        migrations.RemoveField(model_name="schooluser", name="locked_at"),
        migrations.RemoveField(model_name="schooluser", name="otp_digest"),
        migrations.RemoveField(model_name="schooluser", name="otp_issued_at"),
    ]
