"""The registry of finding codes and states: every code the package can emit is defined once, there."""

import ast
import re
import unicodedata
from pathlib import Path

import pytest

from xlqms import codes
from xlqms.codes import Code, Disposition, FileState, Severity, UnitState
from xlqms.findings import error, finding, note, warning

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "xlqms"
KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
NAMES = {code.value for code in Code} | set(codes.RENAMED)
FINDING_MAKERS = {"finding", "error", "warning", "note", "_finding", "_row_error", "_reject"}


def modules():
    return [path for path in sorted(PACKAGE.rglob("*.py")) if path.name != "codes.py"]


def spelled_outside_the_registry(texts) -> list[str]:
    """Where a string literal of the package (codes.py aside) is one of ``texts``."""
    return [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}"
            for path in modules() for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in texts]


def test_no_finding_code_is_written_as_a_string_outside_the_registry():
    assert spelled_outside_the_registry(NAMES) == []


CARRIED_CODES = {"exc.code"}   # a TargetSyntaxError carries the registered Code of its refusal


def test_every_finding_is_made_from_a_registered_constant():
    """Every call that makes a finding passes Code.X, and every Code.X named in the package exists."""
    bad, used = [], set()
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Code":
                used.add(node.attr)
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in FINDING_MAKERS or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}({first.value!r})")
            elif (isinstance(first, ast.Attribute) and ast.unparse(first) not in CARRIED_CODES
                  and not (isinstance(first.value, ast.Name) and first.value.id == "Code")):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}({ast.unparse(first)})")
    assert bad == []
    assert sorted(name for name in used if name not in Code.__members__) == []
    # and every registered code is emitted somewhere: no dead entries in the dictionary
    assert sorted(code.name for code in Code if code.name not in used) == []


def test_findings_are_only_constructed_by_the_findings_module_and_the_store():
    makers = set()
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Finding":
                makers.add(path.name)
    assert makers <= {"findings.py", "store.py"}


def test_the_constructor_takes_severity_from_the_registry():
    made = finding(Code.ZERO_DENOMINATOR, "Mẫu số bằng 0", file="a.xlsx", sheet="Kết quả", cell="G12", indicator="MT01")
    assert made.code == "zero-denominator" and type(made.code) is str
    assert made.severity is Severity.ERROR and made.disposition is Disposition.NEEDS_CORRECTION
    assert made.registered is Code.ZERO_DENOMINATOR and str(made.location) == "a.xlsx — Kết quả!G12"
    with pytest.raises(TypeError):
        finding("zero-denominator", "x")
    # the older helpers still work for scripts, but only with the registry's severity
    assert error("not-a-number", "x").severity is Severity.ERROR
    assert note(Code.LOCK_FILE, "x").severity is Severity.NOTE
    with pytest.raises(ValueError):
        warning("not-a-number", "x")
    with pytest.raises(ValueError):
        error("no-such-code", "x")


@pytest.mark.parametrize("code", list(Code), ids=lambda code: code.value)
def test_each_code_is_complete_and_coherent(code):
    assert KEBAB.match(code.value)
    # rejecting a file or asking for a correction is an error; review and notes never are
    if code.disposition in (Disposition.REJECTS, Disposition.NEEDS_CORRECTION):
        assert code.severity is Severity.ERROR
    elif code.disposition is Disposition.NEEDS_REVIEW:
        assert code.severity is Severity.WARNING
    else:
        assert code.severity in (Severity.WARNING, Severity.NOTE)
    for text in (code.label, code.action):
        assert text and text == unicodedata.normalize("NFC", text) and "|" not in text
    assert code.action.endswith(".")
    assert f"{code}" == code.value == str(code)


def test_renamed_synonyms_resolve_to_one_code():
    assert codes.lookup("results-sheet-missing") is Code.MISSING_SHEET
    assert codes.lookup("header-row-missing") is Code.MISSING_HEADER
    assert codes.lookup("unknown-indicator-code") is Code.UNKNOWN_INDICATOR
    assert codes.lookup("missing-value") is Code.MISSING_VALUE
    assert codes.lookup("nothing-like-it") is None
    assert not set(codes.RENAMED) & {code.value for code in Code}


def test_derived_sets_follow_the_dispositions():
    assert codes.REVIEW_CODES == {"identity-from-visible-cells", "percent-as-fraction", "unit-name-mismatch",
                                  "identity-unsigned", "identity-unverifiable", "older-content", "legacy-encoding-converted",
                                  "legacy-encoding-uncertain", "comma-thousands", "formula-computed",
                                  "results-in-copied-sheet", "number-shown-as-date", "percent-maybe-fraction",
                                  "file-name-unit-mismatch"}
    assert codes.HOLDING_CODES == {"identity-unsigned", "identity-unverifiable", "older-content",
                                   "file-name-unit-mismatch"} <= codes.REVIEW_CODES
    assert "password-protected" in codes.REJECTING_CODES and "not-a-number" not in codes.REJECTING_CODES


def test_each_state_has_one_label():
    assert {state: state.label for state in FileState}[FileState.ACCEPTED] == UnitState.ACCEPTED.label
    for enum in (FileState, UnitState):
        labels = [state.label for state in enum]
        assert len(set(labels)) == len(labels)
        assert all(label == unicodedata.normalize("NFC", label) for label in labels)
    assert codes.label_of("superseded") == "Đã thay bằng tệp sau" and codes.label_of("other") == "other"


def test_the_readme_table_of_codes_is_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- codes:start -->\n(.*?)\n<!-- codes:end -->", readme, re.S)
    assert found, "README.md has no table of codes between <!-- codes:start --> and <!-- codes:end -->"
    assert found.group(1) == codes.codes_table(), "regenerate it: python -m xlqms.codes"


def test_the_readme_names_every_state_with_its_label():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for state in [*FileState, *UnitState]:
        assert f"`{state.value}` ({state.label})" in readme, state


def test_no_state_label_is_spelled_outside_the_registry():
    labels = {state.label for state in [*FileState, *UnitState]} | {codes.LATE_LABEL}
    assert spelled_outside_the_registry(labels) == []
