"""Project contracts for import-linter (pyproject.toml [tool.importlinter], docs/architecture.md): a dependency
between apps is an import or an explicit call, so the graph import-linter checks is the whole story.

- `no_model_lookup`: models are imported, never looked up by name at run time. `.get_model(...)` is allowed only
  in migrations, which use the historical models of their point in history and pass them to the loaders they call.
- `no_signal_receivers`: the domain apps connect to no signal; what must follow a change is called by the service
  that makes the change.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

from importlinter import Contract, ContractCheck, fields, output

ROOT = Path(__file__).resolve().parent.parent
SIGNAL_MODULES = ("django.db.models.signals", "django.core.signals", "django.dispatch", "django.test.signals")


def _trees(packages) -> Iterator[tuple[Path, ast.AST]]:
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative, ast.parse(path.read_text(), filename=str(relative))


class _SourceContract(Contract):
    packages = fields.ListField(subfield=fields.StringField())
    message = ""

    def found(self, tree: ast.AST) -> Iterator[int]:
        raise NotImplementedError

    def check(self, graph, verbose: bool) -> ContractCheck:
        found = [f"{path}:{line}" for path, tree in _trees(self.packages) for line in self.found(tree)]
        return ContractCheck(kept=not found, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for place in check.metadata["found"]:
            output.print_error(f"{place}: {self.message}")
            output.new_line()


class NoModelLookupContract(_SourceContract):
    type_name = "no_model_lookup"
    message = "a model looked up by name; import it from its app (a migration passes the historical model in)."

    def found(self, tree: ast.AST) -> Iterator[int]:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_model":
                yield node.lineno


class NoSignalReceiversContract(_SourceContract):
    type_name = "no_signal_receivers"
    message = "a signal; call the owning app's service from the service that makes the change instead."

    def found(self, tree: ast.AST) -> Iterator[int]:
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(name == module or name.startswith(module + ".") for name in names for module in SIGNAL_MODULES):
                yield node.lineno
