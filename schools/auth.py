"""Who is using the school pages, and how they signed in (docs/school-sign-in.md).

The pages only ever ask `signed_in(request)`. How someone proves who they are is the sign-in adapter's business:
today `EmailCodeSignIn` (a DfE-managed school user receives a six-digit code by email), later an OpenID Connect
adapter for DfE Sign-in can take its place (settings.SCHOOL_SIGN_IN_ADAPTER) without touching the pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection, transaction
from django.middleware.csrf import rotate_token
from django.utils import timezone
from django.utils.module_loading import import_string

from config.clients import client_address
from config.events import record_event
from config.models import ApiRequestWindow, AuthorType
from config.notify import send_email

from .models import School, SchoolUser

SESSION_KEY = "school_session"


@dataclass(frozen=True)
class SignedIn:
    """The person using the school pages: a school user, or a DfE staff member viewing as the school."""

    school_id: int
    name: str
    email: str
    school_user_id: int | None = None
    staff_user_id: int | None = None

    @property
    def impersonating(self) -> bool:
        return self.staff_user_id is not None

    @property
    def author_type(self) -> str:
        return AuthorType.DFE_STAFF_USER if self.impersonating else AuthorType.SCHOOL_USER

    @property
    def author_name(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email

    def author(self) -> dict[str, str]:
        """Keyword arguments naming this person as the author of a domain service's events."""
        return {"author_type": self.author_type, "author_name": self.author_name}


def signed_in(request) -> SignedIn | None:
    data = request.session.get(SESSION_KEY)
    return SignedIn(**data) if data else None


def start_session(request, person: SignedIn) -> None:
    # A new session id and a new CSRF token at sign-in, as django.contrib.auth.login() does: neither a session
    # nor a token planted before sign-in is worth anything after it (docs/school-sign-in.md).
    request.session.cycle_key()
    rotate_token(request)
    request.session[SESSION_KEY] = asdict(person)


def end_session(request) -> None:
    request.session.flush()


# --- the emailed one-time code ----------------------------------------------------------------------------------
class EmailCodeSignIn:
    """Sign-in by a six-digit code sent to a school user's email: valid for ten minutes, usable once; ten wrong
    codes lock the account until DfE staff unlock it. Unknown emails are answered like known ones."""

    @staticmethod
    def _digest(user: SchoolUser, code: str) -> str:
        key = settings.SECRET_KEY.encode()
        return hmac.new(key, f"{user.pk}:{user.email}:{code}".encode(), hashlib.sha256).hexdigest()

    @transaction.atomic
    def send_code(self, *, email: str) -> None:
        user = SchoolUser.objects.select_for_update().filter(email=email.strip().lower()).first()
        if user is None or user.locked_at is not None:
            return
        code = f"{secrets.randbelow(10**6):06d}"
        user.otp_digest = self._digest(user, code)
        user.otp_issued_at = timezone.now()
        user.save(update_fields=["otp_digest", "otp_issued_at"])
        send_email(to=user.email, template="sign_in_code", personalisation={"code": code})

    @transaction.atomic
    def verify_code(self, *, email: str, code: str) -> tuple[SchoolUser | None, str | None]:
        """The user the code signs in, or the message to show."""
        from .rules import SIGN_IN_CODE_INCORRECT, SIGN_IN_LOCKED

        user = SchoolUser.objects.select_for_update().filter(email=email.strip().lower()).first()
        if user is None:
            return None, SIGN_IN_CODE_INCORRECT
        if user.locked_at is not None:
            return None, SIGN_IN_LOCKED
        lifetime = dt.timedelta(seconds=settings.SCHOOL_SIGN_IN_CODE_SECONDS)
        fresh = user.otp_issued_at is not None and timezone.now() - user.otp_issued_at <= lifetime
        if fresh and user.otp_digest and hmac.compare_digest(user.otp_digest, self._digest(user, code)):
            user.otp_digest = ""
            user.otp_issued_at = None
            user.failed_attempts = 0
            user.last_signed_in_at = timezone.now()
            user.save(update_fields=["otp_digest", "otp_issued_at", "failed_attempts", "last_signed_in_at"])
            record_event(
                event_type="school_user_signs_in",
                heading=f"{user.email} signed in",
                subject=user,
                author_type=AuthorType.SCHOOL_USER,
                author_name=user.email,
                school_urn=user.school.urn,
            )
            return user, None
        user.failed_attempts += 1
        fields = ["failed_attempts"]
        if user.failed_attempts >= settings.SCHOOL_SIGN_IN_MAX_FAILED_CODES:
            user.locked_at = timezone.now()
            user.otp_digest = ""
            fields += ["locked_at", "otp_digest"]
            record_event(
                event_type="otp_account_locked",
                heading=f"{user.email} locked after {user.failed_attempts} wrong codes",
                subject=user,
                author_type=AuthorType.SYSTEM,
            )
        user.save(update_fields=fields)
        return None, SIGN_IN_LOCKED if user.locked_at else SIGN_IN_CODE_INCORRECT


def sign_in_adapter():
    return import_string(settings.SCHOOL_SIGN_IN_ADAPTER)()


@transaction.atomic
def school_user_unlock(*, user: SchoolUser, staff_name: str) -> SchoolUser:
    """DfE staff let a locked school user sign in again."""
    user.locked_at = None
    user.failed_attempts = 0
    user.save(update_fields=["locked_at", "failed_attempts"])
    record_event(
        event_type="otp_account_unlocked",
        heading=f"{user.email} unlocked",
        subject=user,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=staff_name,
    )
    return user


def impersonation_start(request, *, school: School, staff_user) -> None:
    """DfE staff see the school's pages as its induction tutor would; their own name is on every change."""
    start_session(
        request,
        SignedIn(
            school_id=school.pk,
            name=staff_user.get_full_name() or staff_user.get_username(),
            email=staff_user.email or staff_user.get_username(),
            staff_user_id=staff_user.pk,
        ),
    )
    record_event(
        event_type="dfe_user_impersonates_school",
        heading=f"{staff_user.get_username()} started viewing as {school}",
        subject=school,
        author_type=AuthorType.DFE_STAFF_USER,
        author_name=staff_user.get_username(),
    )


# --- rate limit -------------------------------------------------------------------------------------------------
_table = ApiRequestWindow._meta.db_table
_UPSERT = (
    f"INSERT INTO {_table} (key, window_start, count) VALUES (%s, %s, 1) "
    f"ON CONFLICT (key, window_start) DO UPDATE SET count = {_table}.count + 1 RETURNING count"
)


def sign_in_attempt_allowed(request) -> bool:
    """SCHOOL_SIGN_IN_RATE_LIMIT sign-in attempts per window per client address (the real client behind a load
    balancer: config/clients.py), counted in PostgreSQL so that every server process shares the count."""
    window = settings.SCHOOL_SIGN_IN_RATE_WINDOW_SECONDS
    epoch = int(timezone.now().timestamp())
    window_start = dt.datetime.fromtimestamp(epoch - epoch % window, tz=dt.UTC)
    key = f"school-sign-in:{client_address(request)}"[:64]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, window_start])
        (count,) = cursor.fetchone()
    if count == 1:
        ApiRequestWindow.objects.filter(key=key, window_start__lt=window_start).delete()
    return count <= settings.SCHOOL_SIGN_IN_RATE_LIMIT
