"""The `statement` resource (the published StatementAttributes; docs/statements.md, "The API"), rendered by
PostgreSQL."""

from django.db.models import BooleanField, ExpressionWrapper, Func, Q, TextField
from django.db.models.functions import Cast
from rest_framework import serializers

from config.api.resources import Attr, IsoDate, IsoTimestamp, Resource
from statements.models import StatementState
from statements.rules import STATEMENT_TYPE, statement_type_expression


class MonthName(Func):
    template = "to_char(make_date(%(expressions)s, 1), 'FMMonth')"
    output_field = TextField()


class StatementResource(Resource):
    type = "statement"
    example = {
        "month": "May",
        "year": "2022",
        "type": "ecf",
        "cohort": "2021",
        "cut_off_date": "2022-04-30",
        "payment_date": "2022-05-25",
        "paid": True,
        "created_at": "2021-05-31T02:22:32.000Z",
        "updated_at": "2021-05-31T02:22:32.000Z",
    }

    month = Attr(
        serializers.CharField(help_text="The month which appears on the statement in the DfE portal"),
        MonthName("year", "month"),
    )
    year = Attr(
        serializers.CharField(help_text="The calendar year which appears on the statement in the DfE portal"),
        Cast("year", TextField()),
    )
    # `type` names the resource itself, so this attribute is declared under another Python name.
    statement_type = Attr(
        serializers.ChoiceField(choices=[STATEMENT_TYPE], help_text="Type of statement"),
        statement_type_expression(),
        published_name="type",
    )
    cohort = Attr(
        serializers.CharField(help_text="The cohort which the statement funds"), Cast("cohort__start_year", TextField())
    )
    cut_off_date = Attr(
        serializers.DateField(help_text="The milestone cut off or review point for the statement"),
        IsoDate("cut_off_date"),
    )
    payment_date = Attr(
        serializers.DateField(help_text="The date we expect to pay you for eligible declarations on the statement"),
        IsoDate("payment_date"),
    )
    paid = Attr(
        serializers.BooleanField(help_text="Whether DfE has paid the declarations on the statement"),
        ExpressionWrapper(Q(state=StatementState.PAID), output_field=BooleanField()),
    )
    created_at = Attr(serializers.DateTimeField(), IsoTimestamp("created_at"))
    updated_at = Attr(serializers.DateTimeField(), IsoTimestamp("updated_at"))
