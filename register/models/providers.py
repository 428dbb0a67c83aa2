from django.db import models
from simple_history.models import HistoricalRecords


class TrainingProvider(models.Model):
    """An accredited teacher training provider that sends its trainees' records to Register."""

    ukprn = models.CharField("UKPRN", max_length=8, unique=True)
    name = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ukprn})"

    # DRF treats the authenticated client as request.user.
    @property
    def is_authenticated(self) -> bool:
        return True


class TrainingProviderAPIToken(models.Model):
    """A bearer token a training provider uses to call the Register API; only its SHA-256 hash is stored."""

    training_provider = models.ForeignKey(TrainingProvider, on_delete=models.PROTECT, related_name="api_tokens")
    hashed_token = models.CharField(max_length=64, unique=True, editable=False)
    description = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "training provider API token"
        indexes = [models.Index(fields=["-created_at"], name="register_token_created_idx")]

    def __str__(self) -> str:
        return f"{self.training_provider.name} token {self.hashed_token[:8]}…"
