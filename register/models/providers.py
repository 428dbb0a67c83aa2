from django.db import models
from simple_history.models import HistoricalRecords

from config.models import HashedAPIToken


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


class LeadPartner(models.Model):
    """A school or organisation that leads a trainee's school-based training with the accredited provider.

    Trainees are linked by URN first, then by UKPRN (docs/register-api.md, "Lead partners and employing schools").
    """

    urn = models.CharField("URN", max_length=6, unique=True, null=True, blank=True)
    ukprn = models.CharField("UKPRN", max_length=8, unique=True, null=True, blank=True)
    name = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(urn__isnull=False) | models.Q(ukprn__isnull=False),
                name="register_lead_partner_has_urn_or_ukprn",
            ),
            models.CheckConstraint(condition=models.Q(urn__regex=r"^[0-9]{6}$"), name="register_lead_partner_urn"),
            models.CheckConstraint(condition=models.Q(ukprn__regex=r"^[0-9]{8}$"), name="register_lead_partner_ukprn"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn or self.ukprn})"


class TrainingProviderAPIToken(HashedAPIToken):
    """A bearer token a training provider uses to call the Register API; only its SHA-256 hash is stored."""

    owner_field = "training_provider"

    training_provider = models.ForeignKey(TrainingProvider, on_delete=models.PROTECT, related_name="api_tokens")

    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta(HashedAPIToken.Meta):
        verbose_name = "training provider API token"
        indexes = [models.Index(fields=["-created_at"], name="register_token_created_idx")]
