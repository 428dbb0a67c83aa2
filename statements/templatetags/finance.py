"""Money on finance pages: pounds and pence, thousands separated, "-£" for negatives, never "-£0.00"."""

from decimal import Decimal

from django import template

from statements.calculation import to_the_penny

register = template.Library()


@register.filter
def pounds(amount) -> str:
    if amount is None or amount == "":
        return ""
    value = to_the_penny(Decimal(amount))
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


@register.filter
def negated(amount):
    return -amount
