"""Who is using the school pages, and how they signed in (docs/school-sign-in.md).

The pages only ever ask `signed_in(request)`. How someone proves who they are is the sign-in adapter's business:
today `EmailCodeSignIn` (a DfE-managed school user receives a six-digit code by email), later an OpenID Connect
adapter for DfE Sign-in can take its place (settings.SCHOOL_SIGN_IN_ADAPTER) without touching the pages.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.middleware.csrf import rotate_token
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string

from config.clients import client_address
from config.events import record_event
from config.models import ApiRequestWindow, AuthorType

from .models import EmailSignIn, School, SchoolUser

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
def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_digest(email: str) -> str:
    """How an address's sign-in state is filed (EmailSignIn): a keyed hash, so addresses that belong to nobody are
    not stored as typed."""
    return salted_hmac("schools.email_sign_in.address", normalise_email(email), algorithm="sha256").hexdigest()


def _code_digest(address_digest: str, code: str) -> str:
    return salted_hmac("schools.email_sign_in.code", f"{address_digest}:{code}", algorithm="sha256").hexdigest()


_sign_ins = EmailSignIn._meta.db_table
# One statement whether or not the address has been used before, and whether or not it is a school user's: the
# previous code stops working; the worker makes the new one (`sign_in_code_send`).
_CODE_ASKED = (
    f"INSERT INTO {_sign_ins} AS s (email_digest, school_user_id, code_digest, code_issued_at, failed_codes, "
    f"locked_at, updated_at) VALUES (%s, %s, '', NULL, 0, NULL, %s) "
    f"ON CONFLICT (email_digest) DO UPDATE SET school_user_id = EXCLUDED.school_user_id, code_digest = '', "
    f"code_issued_at = NULL, updated_at = EXCLUDED.updated_at"
)


class EmailCodeSignIn:
    """Sign-in by a six-digit code sent to a school user's email: valid for ten minutes, usable once; ten wrong
    codes lock the address until DfE staff unlock it.

    Every address goes through the same steps, with the same statements, whether or not it is a school user's: a
    job is queued for it, which makes and files a code (only a school user's is emailed), wrong codes are counted and
    lock it. So the pages, and how long they take, never tell which addresses are school users
    (docs/school-sign-in.md)."""

    @transaction.atomic
    def send_code(self, *, email: str) -> None:
        from .tasks import send_sign_in_code

        email = normalise_email(email)
        user = SchoolUser.objects.filter(email=email).first()
        digest = email_digest(email)
        with connection.cursor() as cursor:
            cursor.execute(_CODE_ASKED, [digest, user.pk if user else None, timezone.now()])
        # The job names the address by its keyed hash only: no address or code is ever kept in the queue.
        send_sign_in_code.defer(email_digest=digest)

    @transaction.atomic
    def verify_code(self, *, email: str, code: str) -> tuple[SchoolUser | None, str | None]:
        """The user the code signs in, or the message to show."""
        from .rules import SIGN_IN_CODE_INCORRECT, SIGN_IN_LOCKED

        email = normalise_email(email)
        digest = email_digest(email)
        user = SchoolUser.objects.filter(email=email).first()
        rows = EmailSignIn.objects.select_for_update().filter(email_digest=digest)
        state = rows.first()
        if state is None:  # no code was ever made for this address: start its record (once, however many ask)
            EmailSignIn.objects.bulk_create(
                [EmailSignIn(email_digest=digest, updated_at=timezone.now())], ignore_conflicts=True
            )
            state = rows.first()
        if state.locked_at is not None:
            return None, SIGN_IN_LOCKED
        now = timezone.now()
        lifetime = dt.timedelta(seconds=settings.SCHOOL_SIGN_IN_CODE_SECONDS)
        fresh = state.code_issued_at is not None and now - state.code_issued_at <= lifetime
        matches = hmac.compare_digest(state.code_digest or "-", _code_digest(digest, code))
        state.school_user = user
        state.updated_at = now
        if user is not None and fresh and matches:
            state.code_digest, state.code_issued_at, state.failed_codes = "", None, 0
            state.save()
            user.last_signed_in_at = now
            user.save(update_fields=["last_signed_in_at"])
            record_event(
                event_type="school_user_signs_in",
                heading=f"{user.email} signed in",
                subject=user,
                author_type=AuthorType.SCHOOL_USER,
                author_name=user.email,
                school_urn=user.school.urn,
            )
            return user, None
        state.failed_codes = min(state.failed_codes + 1, 10_000)
        if state.failed_codes >= settings.SCHOOL_SIGN_IN_MAX_FAILED_CODES:
            state.locked_at = now
            state.code_digest, state.code_issued_at = "", None
        state.save()
        if state.locked_at is not None:
            # An address that is nobody's locks too (and says so, as a school user's does): the event is filed
            # under the sign-in record then.
            record_event(
                event_type="otp_account_locked",
                heading=f"{user.email if user else 'An address that is not a school user'} locked after "
                f"{state.failed_codes} wrong codes",
                subject=user or state,
                author_type=AuthorType.SYSTEM,
            )
            return None, SIGN_IN_LOCKED
        return None, SIGN_IN_CODE_INCORRECT


def sign_in_code_send(*, email_digest: str) -> None:
    """The worker's part of asking for a code: a new code is made and filed for the address, unless it is locked,
    and emailed when the address is a school user's. A failure to send raises, so the job runs again and makes
    another code (docs/school-sign-in.md, "The emailed code")."""
    from config.notify import TEMPLATES, send_now

    with transaction.atomic():
        state = (
            EmailSignIn.objects.select_for_update(of=("self",))
            .select_related("school_user")
            .filter(email_digest=email_digest)
            .first()
        )
        if state is None or state.locked_at is not None:
            return
        code = f"{secrets.randbelow(10**6):06d}"
        state.code_digest, state.code_issued_at = _code_digest(email_digest, code), timezone.now()
        state.save(update_fields=["code_digest", "code_issued_at"])
        user = state.school_user
    if user is not None:
        send_now(to=user.email, template=TEMPLATES["sign_in_code"], personalisation={"code": code})


def email_sign_in_locked_at(user: SchoolUser) -> dt.datetime | None:
    """When the user's address was locked by wrong codes, if it is."""
    state = EmailSignIn.objects.filter(email_digest=email_digest(user.email)).first()
    return state.locked_at if state else None


def school_user_sign_in_relink(*, user: SchoolUser) -> None:
    """After a school user is added or their address changes: the sign-in state of their address is theirs (a lock
    made while the address was nobody's shows on their record, for DfE staff to lift), and an old address's is no
    longer."""
    digest = email_digest(user.email)
    EmailSignIn.objects.filter(school_user=user).exclude(email_digest=digest).update(school_user=None)
    EmailSignIn.objects.filter(email_digest=digest).update(school_user=user)


def sign_in_adapter():
    return import_string(settings.SCHOOL_SIGN_IN_ADAPTER)()


@transaction.atomic
def school_user_unlock(*, user: SchoolUser, staff_name: str) -> SchoolUser:
    """DfE staff let a locked school user sign in again: their address starts again with no wrong codes."""
    EmailSignIn.objects.filter(Q(school_user=user) | Q(email_digest=email_digest(user.email))).update(
        locked_at=None, failed_codes=0, code_digest="", code_issued_at=None, updated_at=timezone.now()
    )
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
    return attempt_allowed(request, scope="school-sign-in")


def attempt_allowed(request, *, scope: str) -> bool:
    """One more attempt at `scope` (the school sign-in, a support query) from this client address, within
    SCHOOL_SIGN_IN_RATE_LIMIT per window (docs/school-sign-in.md, "Limits and sessions")."""
    window = settings.SCHOOL_SIGN_IN_RATE_WINDOW_SECONDS
    epoch = int(timezone.now().timestamp())
    window_start = dt.datetime.fromtimestamp(epoch - epoch % window, tz=dt.UTC)
    key = f"{scope}:{client_address(request)}"[:64]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, window_start])
        (count,) = cursor.fetchone()
    if count == 1:
        ApiRequestWindow.objects.filter(key=key, window_start__lt=window_start).delete()
    return count <= settings.SCHOOL_SIGN_IN_RATE_LIMIT
