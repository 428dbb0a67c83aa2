"""A project contract for import-linter (pyproject.toml [tool.importlinter]): models are reached by import, never
looked up by name at run time. `apps.get_model` (or any `.get_model(...)` call) is allowed only in migrations,
which must use the historical models of their point in history and pass them to the loaders they call."""

import ast
from pathlib import Path

from importlinter import Contract, ContractCheck, fields, output


class NoModelLookupContract(Contract):
    type_name = "no_model_lookup"

    packages = fields.ListField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:
        root = Path(__file__).resolve().parent.parent
        found = []
        for package in self.packages:  # type: ignore[attr-defined]
            for path in sorted((root / package).rglob("*.py")):
                relative = path.relative_to(root)
                if "migrations" in relative.parts:
                    continue
                for node in ast.walk(ast.parse(path.read_text(), filename=str(relative))):
                    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_model":
                        found.append(f"{relative}:{node.lineno}")
        return ContractCheck(kept=not found, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for place in check.metadata["found"]:
            output.print_error(
                f"{place}: a model looked up by name; import it from its app (or, in a migration, "
                "pass the historical model in)."
            )
            output.new_line()
