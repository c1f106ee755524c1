"""The generator reads as its pipeline: stages import only earlier stages, and nothing imports in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
# Modules their packages document as internal, though their names have no underscore.
INTERNAL = ("zxingcpp.zxingcpp",)  # the native module behind zxingcpp's public names
# Each module's stage: a module may import from its own stage or earlier ones, never later.
STAGES = [
    {"text", "messages", "problems", "photo_formats", "ids", "forks"},
    {"schema"},
    {"load", "documents"},
    {"news", "validate", "permalinks"},
    {"model", "contact"},
    {"render"},
    {"publish", "hosting", "security", "squeeze", "html_pages"},
    {"pipeline"},
    {
        "cli",
        "__main__",
        "serve",
        "report",
        "report_docx",
        "report_figures",
        "report_period",
        "report_scope",
        "report_template",
        "workbook",
        "workbook_import",
        "workbook_scope",
    },
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(part for part in parts if part != "__init__") or "__init__"


def imports(path: Path) -> set[str]:
    """The generator modules a file imports, resolved to dotted names inside the package."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1] if node.level > 1 else package
            target = [*base, *(node.module.split(".") if node.module else [])]
            names = [".".join(target)] if node.module else [".".join([*target, alias.name]) for alias in node.names]
            found.update(name for name in names if name)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add(node.module.removeprefix("generator."))
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    return {name if name in modules else name.rsplit(".", 1)[0] for name in found} & modules - {module_name(path)}


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> int:
    top = module.split(".")[0]
    return next(number for number, names in enumerate(STAGES) if top in names)


def test_every_module_has_a_stage() -> None:
    for module in graph():
        if module != "__init__":
            stage(module)


def test_no_stage_imports_a_later_one() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in graph().items()
        if module != "__init__"
        for target in targets
        if target != "__init__" and stage(target) > stage(module)
    ]
    assert upward == []


def test_no_import_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_graph_is_read_right() -> None:
    """The walk itself: known arrows are found (a test that finds nothing would pass anyway)."""
    edges = graph()
    assert "model" in edges["render.pages"] and "render.media" in edges["render.structured"]
    assert {"load", "validate", "publish", "render"} <= edges["pipeline"]


def test_no_private_module_of_another_package() -> None:
    private = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                underscored = any(part.startswith("_") for part in name.split(".")) and not name.startswith(
                    "__future__"
                )
                if not name.startswith("generator") and (underscored or name.startswith(INTERNAL)):
                    private.append(f"{path.name}: {name}")
    assert private == []
