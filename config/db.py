"""Database helpers shared by domain services."""

from django.db import connection, models
from django.utils import timezone


def check_deferred_constraints() -> None:
    """Run the deferred constraint triggers now, so a service fails inside its own transaction, not at commit."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class TouchesApiUpdatedAt(models.Model):
    """Moves `api_updated_at` whenever a field listed in `api_fields` changes, whoever saves the row."""

    api_fields: tuple[str, ...] = ()
    api_updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._api_snapshot = {name: getattr(instance, name) for name in cls.api_fields if name in field_names}
        return instance

    def save(self, *args, **kwargs):
        snapshot = getattr(self, "_api_snapshot", None)
        if snapshot is not None and any(getattr(self, name) != value for name, value in snapshot.items()):
            self.api_updated_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "api_updated_at"}
        super().save(*args, **kwargs)
        self._api_snapshot = {name: getattr(self, name) for name in self.api_fields}
