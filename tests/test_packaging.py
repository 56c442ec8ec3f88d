"""What users install is what is tested: every module and data file of xlqms/ is packaged.

The full check builds the wheel and runs every command from a clean environment (``.ci/smoke``,
run by ``.ci/run``); these are its fast parts.
"""

from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "xlqms"


def test_packages_are_found_not_listed_by_hand():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "packages" not in setuptools or isinstance(setuptools["packages"], dict)
    assert setuptools["packages"]["find"]["include"] == ["xlqms", "xlqms.*"]


def test_every_folder_with_code_or_data_is_a_package():
    """setuptools finds a folder only when it has an __init__.py: a folder without one would be left out."""
    folders = {path.parent for path in PACKAGE.rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    assert folders, "no package files"
    assert sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").is_file()) == []


def test_every_data_file_is_of_a_kind_that_is_shipped():
    shipped = tuple(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                    ["tool"]["setuptools"]["package-data"]["*"])
    suffixes = {path.suffix for path in PACKAGE.rglob("*")
                if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".py", ".pyc")}
    assert {suffix for suffix in suffixes if f"*{suffix}" not in shipped} == set()


def test_ci_runs_the_wheel_smoke_test():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash .ci/smoke" in ci
    smoke = (ROOT / ".ci" / "smoke").read_text(encoding="utf-8")
    for command in ("init", "generate", "verify", "collect", "status", "rollup", "export", "report", "target",
                    "demo"):
        assert f'"$xlqms" {command} ' in smoke, command
