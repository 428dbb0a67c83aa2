"""Whoever makes a participant fundable (the participants app, DfE in the admin, a TRS refresh), their waiting
claims follow in the same transaction; the participants app does not need to know declarations exist."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from participants.models import Teacher

from .models import Declaration, PaymentState
from .services import declarations_promote_fundable


@receiver(post_save, sender=Teacher, dispatch_uid="declarations_promote_fundable")
def promote_waiting_claims(sender, instance: Teacher, raw: bool = False, **kwargs) -> None:
    if raw or not (instance.eligible_for_funding("ect") or instance.eligible_for_funding("mentor")):
        return
    if Declaration.objects.filter(teacher=instance, payment_state=PaymentState.NO_PAYMENT).exists():
        declarations_promote_fundable(teacher=instance)
