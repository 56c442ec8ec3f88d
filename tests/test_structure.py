"""How the package hangs together: imports at the top, no reaching into other modules' privates."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "xlqms"

LATE_IMPORTS = {
    # module: imports allowed inside functions, and why
    "cli.py": "*",                                       # the command line imports each command's library lazily
    "launcher.py": {"xlqms.cli"},                        # imported once Ctrl+C is guarded (issue 15)
    "campaign.py": {"python_calamine"},                  # `import xlqms` stays light for the command line
    "spreadsheet.py": {"python_calamine"},               # idem
    "campaign_lock.py": {"fcntl", "msvcrt"},             # one or the other, by platform
    "annotate.py": {"openpyxl", "openpyxl.comments", "openpyxl.styles",   # only when a copy is made: collect stays light
                    "xlqms.template_rows"},                                # (it loads openpyxl)
    "base.py": {"xlqms.engines.libreoffice", "xlqms.engines.excel"},   # the engines import base: a cycle
    "excel.py": {"xlwings"},                             # optional dependency (xlqms[excel])
    "provinces.py": {"vietnam_provinces"},               # optional dependency (xlqms[provinces])
    "model.py": {"xlqms.targets.verdict", "xlqms.targets.describe", "xlqms.targets.formal"},   # they import the model
    "judge.py": {"xlqms.targets"},                      # the package's __init__ imports judge: a cycle
}


def parsed():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_imports_are_at_the_top_unless_there_is_a_reason():
    late = []
    for path, tree in parsed():
        allowed = LATE_IMPORTS.get(path.name, set())
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                    if allowed != "*" and module not in allowed:
                        late.append(f"{path.relative_to(ROOT)}:{node.lineno} {module}")
    assert late == []


def test_no_module_imports_another_modules_private_names():
    private = []
    for path, tree in parsed():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("xlqms"):
                private += [f"{path.relative_to(ROOT)}:{node.lineno} {alias.name}" for alias in node.names
                            if alias.name.startswith("_") and alias.name != "__version__"]
    assert private == []


def test_the_store_depends_on_the_dictionaries_not_on_the_reader():
    tree = ast.parse((PACKAGE / "store.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "xlqms.read" not in imported and "xlqms.codes" in imported


def test_the_round_is_loaded_in_one_place():
    for name in ("summary.py", "report.py"):
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert "xlqms.export" not in imported and "xlqms.round" in imported, name
    # the status needs the records only (xlqms.record_check.read_records: checked, read-only; load_round uses it too)
    status = ast.parse((PACKAGE / "status.py").read_text(encoding="utf-8"))
    assert any(isinstance(node, ast.ImportFrom) and node.module == "xlqms.record_check"
               and "read_records" in {alias.name for alias in node.names} for node in ast.walk(status))


def test_only_the_streamed_sheet_touches_openpyxl_internals():
    touching = []
    for path, tree in parsed():
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                if any(m.startswith("openpyxl") and any(p.startswith("_") for p in m.split(".")) for m in modules):
                    touching.append(path.name)
    assert set(touching) == {"streamed_sheet.py"}
