"""The house keeps its shape: one home for each shared basic, arrows that point one way.

Each table row names a signature and the only file allowed to hold it. A second copy of a fold,
a distance, a centre resolver, a SIRET check, a connection or a cited constant makes this fail.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("core", "storage", "places", "falc", "suppliers", "tenders", "maps", "jobs", "api")


def _sources() -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for folder in CODE_DIRS
        for path in sorted((ROOT / folder).rglob("*.py"))
    }


SOURCES = _sources()

ONE_HOME = [
    # (what, pattern, the files allowed to match)
    ("French fold", r"def fold\(|unicodedata\.combining", {"core/text.py"}),
    ("accent stripping", r'normalize\("NFKD"', {"core/text.py", "api/uploads.py"}),
    ("great-circle distance", r"def great_circle|arcsin\(|haversine", {"places/distance.py"}),
    ("km per degree", r"111\.\d|KM_PER_DEGREE =", {"places/distance.py"}),
    ("planar SQL distance", r"def planar_distance", {"places/distance.py"}),
    (
        "centre resolver",
        r"def (_?centre|_?center|center_of|resolve_centre)\b",
        {"places/centre.py"},
    ),
    ("Luhn key", r"def _?luhn|def siret_is_valid|def siren_is_valid", {"core/identifiers.py"}),
    ("SQLite connection", r"sqlite3\.connect\(", {"storage/connection.py"}),
    ("PRAGMA", r"PRAGMA ", {"storage/connection.py"}),
    ("UTC stamp", r'strftime\("%Y-%m-%dT%H:%M:%SZ"\)|def _?now\(', {"storage/clock.py"}),
    ("base error", r"class ClairError\b", {"core/errors.py"}),
    ("shipped CSV reader", r"def (read_csv|open_data|read_package_csv)\(", {"core/package_data.py"}),
    ("carbon value", r"default=250\b|\] = 250\.0|= \"250\"", {"suppliers/reference_values.py"}),
    ("detour factor", r"default=1\.3\b|\] = 1\.3\b|= \"1\.3\"", {"suppliers/reference_values.py"}),
    ("error model", r"class Erreur\(", {"api/schemas.py"}),
]


@pytest.mark.parametrize(("what", "pattern", "homes"), ONE_HOME, ids=[r[0] for r in ONE_HOME])
def test_each_basic_has_one_home(what: str, pattern: str, homes: set[str]) -> None:
    found = {name for name, text in SOURCES.items() if re.search(pattern, text)}
    assert found <= homes, (
        f"{what} hors de sa maison ({', '.join(sorted(homes))}) : {sorted(found - homes)}"
    )


# package → packages it must never import
FORBIDDEN_IMPORTS = {
    "core": {"storage", "places", "falc", "suppliers", "tenders", "maps", "api"},
    "storage": {"places", "falc", "suppliers", "tenders", "maps", "api"},
    "places": {"storage", "falc", "suppliers", "tenders", "maps", "api"},
    "falc": {"suppliers", "tenders", "maps", "api", "fastapi", "typer", "folium"},
    "suppliers": {"tenders", "maps", "api", "fastapi", "typer", "folium"},
    "tenders": {"maps", "api", "fastapi", "typer", "folium"},
    "maps": {"api", "fastapi", "typer"},
    "jobs": {"suppliers", "tenders", "maps", "api", "fastapi", "typer"},
}


def _imports(text: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN_IMPORTS))
def test_arrows_point_one_way(package: str) -> None:
    wrong = {
        name: sorted(_imports(text) & FORBIDDEN_IMPORTS[package])
        for name, text in SOURCES.items()
        if name.startswith(package + "/")
    }
    wrong = {name: found for name, found in wrong.items() if found}
    assert not wrong, f"{package} importe ce qu'il ne doit pas : {wrong}"


def test_no_package_reaches_into_another_private_module() -> None:
    private = re.compile(r"^\s*(?:from|import) (\w+)\.(_\w+)", re.MULTILINE)
    wrong = [
        f"{name} → {m.group(1)}.{m.group(2)}"
        for name, text in SOURCES.items()
        for m in private.finditer(text)
        if not name.startswith(m.group(1) + "/")
    ]
    assert not wrong, wrong


def test_the_guard_sees_a_second_copy() -> None:
    """The table is not blind: a file with a second fold is caught by its pattern."""
    copy = "def fold(text):\n    return unicodedata.combining(text)\n"
    assert re.search(ONE_HOME[0][1], copy)


def test_cli_sub_commands_do_not_import_the_cli_that_imports_them() -> None:
    """api/cli.py gathers the sub-commands; what they share lives in api/cli_common.py."""
    wrong = [
        name
        for name, text in SOURCES.items()
        if name.startswith("api/cli_") and re.search(r"^from api\.cli import", text, re.M)
    ]
    assert not wrong, wrong


def test_architecture_doc_names_files_that_exist() -> None:
    """docs/architecture.md cannot rot: every module path it names is in the tree."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    paths = set(
        re.findall(r"`((?:core|storage|places|falc|suppliers|tenders|maps|api)/[\w/]+\.py)", doc)
    )
    assert len(paths) > 20
    missing = sorted(p for p in paths if not (ROOT / p).is_file())
    assert not missing, missing
