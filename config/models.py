from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models


class ApiRequestWindow(models.Model):
    """How many requests one key (an API token, or an address sending unknown tokens) made in one bucket of the
    sliding rate-limit window (config/api/throttling.py)."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["key", "window_start"]
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="uniq_api_request_window")]


class ApiPageBookmark(models.Model):
    """Where the page a client last received of a list ended, so that its next page starts right there instead of
    counting its way past every earlier row (config/api/continuation.py; docs/lead-provider-api.md, "Paging")."""

    # The token's hash: the client that received the page.
    client = models.CharField(max_length=64)
    # A digest of the list and everything in the request that chooses its rows and their order, but the page number.
    query = models.CharField(max_length=64)
    page = models.PositiveIntegerField()
    # The sort values of the page's last row, in the list's order (its unique tie-breaker last).
    last = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["client", "query", "page"]
        constraints = [models.UniqueConstraint(fields=["client", "query", "page"], name="uniq_api_page_bookmark")]
        indexes = [models.Index(fields=["created_at"], name="api_page_bookmark_age_idx")]


class AuthorType(models.TextChoices):
    SCHOOL_USER = "school_user", "School user"
    DFE_STAFF_USER = "dfe_staff_user", "DfE staff user"
    LEAD_PROVIDER_API = "lead_provider_api", "Lead provider API"
    SYSTEM = "system", "System"


class EventSource(models.TextChoices):
    """Through what an event's author acted (docs/support.md, "Teacher page"): set for each request by
    config.middleware.EventSourceMiddleware and by the management commands; blank on events recorded before it was
    kept."""

    LEAD_PROVIDER_API = "lead_provider_api", "Lead provider API"
    REGISTER_API = "register_api", "Register API"
    SCHOOL_PAGES = "school_pages", "School pages"
    ADMIN = "admin", "Admin"
    JOB = "job", "Job"


class Event(models.Model):
    """Something that happened to the service's records, in business terms, with who did it (the audit trail)."""

    event_type = models.CharField(max_length=80, db_index=True)
    heading = models.CharField(max_length=500)
    happened_at = models.DateTimeField(auto_now_add=True, db_index=True)
    author_type = models.CharField(max_length=30, choices=AuthorType.choices)
    author_name = models.CharField(max_length=255, blank=True)
    # The record the event is about; related records are named in `metadata` by their API ids.
    subject_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    subject_id = models.BigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    metadata = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=20, choices=EventSource.choices, blank=True, default="")
    # The fields the event changed: {field: [before, after]} (the teacher page's timeline shows them).
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-happened_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "happened_at"], name="event_subject_idx")]

    def __str__(self) -> str:
        return self.heading


class HashedAPIToken(models.Model):
    """A bearer token an API client uses; only its SHA-256 hash is stored. Subclasses add the owner FK and name it
    in `owner_field`."""

    owner_field = ""

    hashed_token = models.CharField(max_length=64, unique=True, editable=False)
    description = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{getattr(self, self.owner_field)} token {self.hashed_token[:8]}…"


class ApiName(models.TextChoices):
    LEAD_PROVIDER = "lead_provider", "Lead provider API"
    REGISTER = "register", "Register API"


class ApiRequest(models.Model):
    """One request to the lead provider API or Register and the status it got, so support staff can answer "what
    did we send, and what did you answer?" (docs/support.md, "API request log"). A 4xx or 5xx keeps the request body
    and the error document, with personal data removed; tokens are never kept. Kept for API_REQUEST_LOG_DAYS."""

    requested_at = models.DateTimeField()
    api = models.CharField(max_length=20, choices=ApiName.choices)
    # The API client the token belongs to, as it was named at the time; blank when no token was recognised.
    provider = models.CharField(max_length=255, blank=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    query = models.TextField(blank=True)
    status = models.PositiveSmallIntegerField()
    duration_ms = models.FloatField()
    # Participant, trainee, declaration and other ids the request named (its path, its filters and its body).
    ids = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    request_body = models.TextField(blank=True)
    response_body = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "API request"
        indexes = [
            models.Index(fields=["requested_at", "id"], name="api_request_time_idx"),
            GinIndex(fields=["ids"], name="api_request_ids_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
