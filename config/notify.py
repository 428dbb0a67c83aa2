"""The one way the service sends email: GOV.UK Notify when NOTIFY_API_KEY is set, Django's email backend otherwise
(the console locally, so the sandbox's sign-in codes appear in the worker's log; memory in tests). Every email is
sent by the worker of the job queue (config/tasks.py), never by the request. See docs/school-sign-in.md.

Every email is one of the templates below: a subject and a body with `((placeholders))`, as Notify templates
are written. With Notify each template is sent by its Notify template id (NOTIFY_TEMPLATE_<NAME> in the
environment), so the wording can live in Notify; without Notify the text here is rendered and sent.
"""

import os
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from config.service import SERVICE_NAME


@dataclass(frozen=True)
class EmailTemplate:
    name: str
    subject: str
    body: str


TEMPLATES = {
    template.name: template
    for template in [
        EmailTemplate(
            "sign_in_code",
            f"Your sign-in code for {SERVICE_NAME}",
            "Your sign-in code is ((code)).\n\nIt expires in 10 minutes and can be used once.\n\n"
            "If you did not ask to sign in, you can ignore this email.",
        ),
        EmailTemplate(
            "induction_tutor_confirmation",
            "You have been named as the induction tutor for ((school_name))",
            "Dear ((name)),\n\n((school_name)) has named you as its induction tutor for early career teachers.\n\n"
            f"You will manage the school's early career teachers and mentors in {SERVICE_NAME}.",
        ),
        EmailTemplate(
            "ect_registered_provider_led",
            "You have been registered for early career teacher training",
            "Dear ((name)),\n\n((school_name)) has registered you as an early career teacher (ECT).\n\n"
            "Your training will be provider-led, with ((lead_provider_name)). They will contact you about it.",
        ),
        EmailTemplate(
            "ect_registered_school_led",
            "You have been registered as an early career teacher",
            "Dear ((name)),\n\n((school_name)) has registered you as an early career teacher (ECT).\n\n"
            "Your school will run your training itself (school-led).",
        ),
        EmailTemplate(
            "support_query",
            "Support query from ((name)) at ((school_name))",
            '((name)) (((email))) sent a question from the "Contact DfE support" page of '
            f"{SERVICE_NAME}.\n\nSchool: ((school_name))\nURN (when signed in): ((school_urn))\n\n((message))\n\n"
            "Reply to ((email)). The query is listed in the admin under Schools › Support queries.",
        ),
        EmailTemplate(
            "mentor_registered",
            "You have been registered as an ECT mentor",
            "Dear ((name)),\n\n((school_name)) has registered you as a mentor for early career teachers.",
        ),
    ]
}


def _render(text: str, personalisation: dict[str, str]) -> str:
    return re.sub(r"\(\(([a-z_]+)\)\)", lambda match: str(personalisation.get(match.group(1), "")), text)


def _notify_key() -> str:
    return os.environ.get("NOTIFY_API_KEY") or getattr(settings, "NOTIFY_API_KEY", "")


def send_now(*, to: str, template: EmailTemplate, personalisation: dict[str, str]) -> None:
    """Send one email at once: only the worker calls this."""
    api_key = _notify_key()
    if api_key:
        from notifications_python_client.notifications import NotificationsAPIClient

        template_id = os.environ.get(f"NOTIFY_TEMPLATE_{template.name.upper()}", "")
        NotificationsAPIClient(api_key).send_email_notification(
            email_address=to, template_id=template_id, personalisation=personalisation
        )
        return
    send_mail(
        _render(template.subject, personalisation),
        _render(template.body, personalisation),
        settings.DEFAULT_FROM_EMAIL,
        [to],
    )


# Emails are tried again after 2, 4, 8 ... seconds (about eight and a half minutes over eight attempts by default).
@app.task(
    name="config.send_email",
    queue="emails",
    retry=RetryStrategy(max_attempts=settings.EMAIL_SEND_ATTEMPTS, exponential_wait=2),
)
def deliver_email(*, to: str, template: str, personalisation: dict[str, str]) -> None:
    """The worker's part: a failure raises, and the queue tries again later."""
    send_now(to=to, template=TEMPLATES[template], personalisation=personalisation)


def send_email(*, to: str, template: str, personalisation: dict[str, str]) -> None:
    """Send one templated email: the worker sends it once the current transaction commits (never for a rolled-back
    change), and tries again with growing delays when the provider fails. The request only adds the job, in its own
    transaction, so a slow email provider never makes anyone wait (docs/school-sign-in.md, "Adapters")."""
    if template not in TEMPLATES:
        raise KeyError(template)
    deliver_email.defer(to=to, template=template, personalisation=personalisation)
