"""The Teacher Record Service's own API, the client production uses (docs/support.md, "Teacher Record Service").

`GET {TRS_API_BASE_URL}/v3/persons/{trn}` with `Authorization: Bearer {TRS_API_KEY}` and `X-Api-Version`, and
`dateOfBirth` (or `nationalInsuranceNumber`) to find a person by TRN and that; 404 means nobody matches. Each
attempt waits at most TRS_TIMEOUT_SECONDS for the connection and for each read; a refused connection, a timeout, a
5xx or a 429 is tried again up to TRS_RETRIES times, waiting TRS_RETRY_BACKOFF_SECONDS, then twice that, and so on
(a 429's `Retry-After`, when it is longer, up to TRS_RETRY_MAX_WAIT_SECONDS). Anything else TRS answers that is not a
person is TRSUnavailable, never a 500.
"""

import datetime as dt
import http.client
import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from . import TRSTeacher, TRSUnavailable

logger = logging.getLogger(__name__)

# TRS's induction statuses, as this service names them (participants/models/trs.py InductionStatus).
INDUCTION_STATUSES = {
    "None": "none",
    "RequiredToComplete": "required_to_complete",
    "InProgress": "in_progress",
    "Passed": "passed",
    "Failed": "failed",
    "FailedInWales": "failed",
    "Exempt": "exempt",
}
# The alert category TRS records a prohibition from teaching under.
PROHIBITED_FROM_TEACHING = "b2b19019-b165-47a3-8745-3297ff152581"
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
NOT_FOUND_STATUSES = frozenset({404, 410})  # 410: the record was deactivated


class HTTPTRSClient:
    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        api_version: str | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        max_wait: float | None = None,
    ):
        self.base_url = (base_url if base_url is not None else settings.TRS_API_BASE_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else settings.TRS_API_KEY
        self.api_version = api_version or settings.TRS_API_VERSION
        self.timeout = timeout if timeout is not None else settings.TRS_TIMEOUT_SECONDS
        self.retries = retries if retries is not None else settings.TRS_RETRIES
        self.backoff = backoff if backoff is not None else settings.TRS_RETRY_BACKOFF_SECONDS
        self.max_wait = max_wait if max_wait is not None else settings.TRS_RETRY_MAX_WAIT_SECONDS

    def find_teacher(
        self, *, trn: str, date_of_birth: dt.date | None = None, national_insurance_number: str | None = None
    ) -> TRSTeacher | None:
        if not re.fullmatch(r"[0-9]{7}", trn or ""):
            return None  # TRS knows no such TRN; nothing to ask
        query = {"include": "Induction,Alerts"}
        if date_of_birth is not None:
            query["dateOfBirth"] = date_of_birth.isoformat()
        if national_insurance_number is not None:
            number = re.sub(r"\s", "", national_insurance_number).upper()
            if not number:
                return None
            query["nationalInsuranceNumber"] = number
        document = self._get(f"/v3/persons/{trn}", query)
        return None if document is None else self._teacher(document, trn=trn)

    # -- the request, with retries -----------------------------------------------------------------------------
    def _get(self, path: str, query: dict) -> dict | None:
        if not self.base_url or not self.api_key:
            logger.error("TRS_API_BASE_URL and TRS_API_KEY must be set to reach the Teacher Record Service")
            raise TRSUnavailable("not configured")
        request = urllib.request.Request(
            f"{self.base_url}{path}?{urllib.parse.urlencode(query)}",
            headers={
                "Authorization": f"Bearer {self.api_key}",
                "X-Api-Version": self.api_version,
                "Accept": "application/json",
            },
        )
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2**attempt
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return self._document(response.read())
            except urllib.error.HTTPError as error:
                if error.code in NOT_FOUND_STATUSES:
                    return None
                if error.code not in RETRYABLE_STATUSES:
                    # 400, 401, 403: our request or our key is wrong; asking again will not help.
                    logger.error("TRS answered %s to a request for a person", error.code)
                    raise TRSUnavailable(f"HTTP {error.code}") from None
                wait = max(wait, min(_retry_after(error.headers.get("Retry-After")), self.max_wait))
                problem = f"HTTP {error.code}"
            except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as error:
                problem = str(getattr(error, "reason", error))
            logger.warning("TRS attempt %s of %s failed: %s", attempt + 1, self.retries + 1, problem)
            if attempt < self.retries:
                time.sleep(wait)
        raise TRSUnavailable(problem)

    @staticmethod
    def _document(body: bytes) -> dict:
        try:
            document = json.loads(body)
        except ValueError:
            raise TRSUnavailable("not JSON") from None
        if not isinstance(document, dict):
            raise TRSUnavailable("not a person")
        return document

    # -- the person ----------------------------------------------------------------------------------------------
    @staticmethod
    def _teacher(document: dict, *, trn: str) -> TRSTeacher:
        induction = document.get("induction") or {}
        qts = document.get("qts") or {}
        alerts = document.get("alerts") or []
        try:
            return TRSTeacher(
                trn=str(document.get("trn") or trn),
                first_name=_text(document.get("firstName")),
                last_name=_text(document.get("lastName")),
                date_of_birth=_date(document.get("dateOfBirth")),
                induction_status=INDUCTION_STATUSES.get(induction.get("status"), "none"),
                qts_awarded_on=_date(qts.get("holdsFrom") or qts.get("awarded")),
                prohibited_from_teaching=any(_alert_category(alert) == PROHIBITED_FROM_TEACHING for alert in alerts),
                induction_completed_on=_date(induction.get("completedDate")),
            )
        except (TypeError, ValueError, AttributeError):
            raise TRSUnavailable("not a person") from None


def _text(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a name is missing")
    return value.strip()


def _date(value) -> dt.date | None:
    return None if value in (None, "") else dt.date.fromisoformat(value[:10])


def _alert_category(alert) -> str | None:
    return ((alert.get("alertType") or {}).get("alertCategory") or {}).get("alertCategoryId")


def _retry_after(value: str | None) -> float:
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return 0.0
