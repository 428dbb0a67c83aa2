"""Admin sign-in failures and lockouts go into the event log (docs/security.md), next to every other staff action.

Django and django-axes announce them only as signals, so this is the one place the project listens to signals.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed

from config.clients import client_address
from config.events import record_event
from config.models import AuthorType


def _record(event_type: str, heading: str, username: str, ip_address: str | None) -> None:
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    # An unknown username still gets an event; it is filed under the user model with no record (id 0).
    subject = user or User(pk=0)
    record_event(
        event_type=event_type,
        heading=heading,
        subject=subject,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=username[:255],
        username=username,
        ip_address=ip_address,
    )


def sign_in_failed(sender, credentials=None, request=None, **kwargs):
    username = str((credentials or {}).get("username", ""))
    ip_address = client_address(request) if request is not None else None
    _record("staff_sign_in_failed", f"Failed admin sign-in for {username!r}", username, ip_address)


def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    username = str(username or "")
    _record("staff_locked_out", f"Admin sign-in locked for {username!r} from {ip_address}", username, ip_address)


def connect() -> None:
    from axes.signals import user_locked_out

    user_login_failed.connect(sign_in_failed, dispatch_uid="config.sign_in_failed")
    user_locked_out.connect(locked_out, dispatch_uid="config.locked_out")
