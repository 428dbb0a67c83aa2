from django.db import models


class ApiRequestWindow(models.Model):
    """How many requests one API token has made in one fixed rate-limit window."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["key", "window_start"]
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="uniq_api_request_window")]
