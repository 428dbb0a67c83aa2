"""The HESA/DfE code lists (register/data/codes/*.csv) and academic cycles as reference data.

`load_reference_data` is idempotent: it inserts missing rows and refreshes changed ones from the CSVs, which are
the published lists. `code_table` is how rules and services read a list.
"""

import csv
import datetime as dt
from pathlib import Path

CODES_DIR = Path(__file__).resolve().parent / "data" / "codes"
FIRST_CYCLE, LAST_CYCLE = 2015, 2035


def csv_rows(code_list: str) -> list[dict[str, str]]:
    with open(CODES_DIR / f"{code_list}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(*, models: dict | None = None) -> None:
    """Loads the rows into the current models, or into the historical ones a migration passes as `models`
    ({"ReferenceCode": ..., "AcademicCycle": ...}, resolved by the migration itself)."""
    from register.models.reference import CodeList

    if models is None:
        from register.models import AcademicCycle, ReferenceCode
    else:
        ReferenceCode, AcademicCycle = models["ReferenceCode"], models["AcademicCycle"]

    for code_list in CodeList.values:
        for row in csv_rows(code_list):
            row = dict(row)
            code, label = row.pop("code"), row.pop("label")
            # Withdrawal reasons are listed once per trigger; the trigger makes each row distinct.
            qualifier = row["trigger"] if code_list == CodeList.WITHDRAWAL_REASON else ""
            ReferenceCode.objects.update_or_create(
                code_list=code_list,
                code=code,
                qualifier=qualifier,
                defaults={"label": label, "attributes": row},
            )
    for year in range(FIRST_CYCLE, LAST_CYCLE + 1):
        AcademicCycle.objects.get_or_create(
            start_year=year,
            defaults={"start_date": dt.date(year, 8, 1), "end_date": dt.date(year + 1, 7, 31)},
        )


def code_table(code_list: str) -> dict[str, "ReferenceCode"]:  # noqa: F821
    """Every accepted code of one list, by code (withdrawal reasons: by "trigger:code")."""
    from register.models import CodeList, ReferenceCode

    rows = ReferenceCode.objects.filter(code_list=code_list)
    if code_list == CodeList.WITHDRAWAL_REASON:
        return {f"{row.qualifier}:{row.code}": row for row in rows}
    return {row.code: row for row in rows}


def code_entry(code_list: str, code: str | None) -> "ReferenceCode | None":  # noqa: F821
    """One code of a list (following any "stored as" rewrite, e.g. grade 09 → 14), or None if unknown."""
    from register.models import ReferenceCode

    if not code:
        return None
    entry = ReferenceCode.objects.filter(code_list=code_list, code=code).first()
    stored_as = entry.attr("stored_as_code") if entry else ""
    if entry and stored_as and stored_as != code:
        entry = ReferenceCode.objects.filter(code_list=code_list, code=stored_as).first()
    return entry
