"""The spreadsheet engines: LibreOffice for real, Excel only where it exists."""

from __future__ import annotations

import platform
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from xlqms.engines import EngineError, EngineUnavailable, get_engine
from xlqms.engines.base import FillJob, read_cell_values
from xlqms.engines.libreoffice import (
    LibreOfficeEngine,
    _batches_with_unique_stems,
    find_soffice,
    require_soffice,
    write_profile,
)
from xlqms.errors import XlqmsError


def formula_workbook(path: Path, a1=3, a2=5, sheet="Kết quả") -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet["A1"] = a1
    worksheet["A2"] = a2
    worksheet["A3"] = "=A1*A2"
    worksheet["A4"] = '=IF(A3>=10,"Đạt","Không đạt")'
    workbook.save(path)
    return path


@pytest.fixture(scope="module")
def engine():
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    with LibreOfficeEngine() as lo:
        yield lo


# --- finding soffice (no LibreOffice needed) ----------------------------------------------------


def test_find_soffice_prefers_explicit_path(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert find_soffice(str(fake)) == str(fake)


def test_find_soffice_explicit_missing_path_gives_none_not_another(tmp_path):
    assert find_soffice(str(tmp_path / "nope" / "soffice")) is None


def test_find_soffice_uses_environment_variable(tmp_path, monkeypatch):
    fake = tmp_path / "my-soffice"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("XLQMS_SOFFICE", str(fake))
    assert find_soffice() == str(fake)


def test_require_soffice_explains_what_is_missing(tmp_path):
    with pytest.raises(EngineUnavailable) as raised:
        require_soffice(str(tmp_path / "nonexistent"))
    message = str(raised.value)
    assert "\n" not in message
    assert "--soffice" in message and "libreoffice-calc-nogui" in message
    assert isinstance(raised.value, XlqmsError) and raised.value.exit_code != 0


def test_nothing_found_anywhere_is_engine_unavailable(monkeypatch):
    monkeypatch.delenv("XLQMS_SOFFICE", raising=False)
    monkeypatch.setattr("xlqms.engines.libreoffice.shutil.which", lambda name: None)
    monkeypatch.setattr("xlqms.engines.libreoffice.COMMON_LOCATIONS", ())
    assert find_soffice() is None
    with pytest.raises(EngineUnavailable, match="apt-get install libreoffice-calc-nogui"):
        get_engine("libreoffice")


def test_profile_forces_recalculation_on_load(tmp_path):
    write_profile(tmp_path)
    xcu = (tmp_path / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    for name in ("OOXMLRecalcMode", "ODFRecalcMode"):
        assert re.search(rf'oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="{name}" '
                         r'oor:op="fuse"><value>0</value>', xcu)


def test_batches_never_hold_two_files_with_the_same_name():
    paths = [Path("a/x.xlsx"), Path("b/x.xlsx"), Path("a/y.xlsx"), Path("c/x.xlsx")]
    batches = _batches_with_unique_stems(paths)
    assert sorted(p for batch in batches for p in batch) == sorted(paths)
    assert all(len({p.stem for p in batch}) == len(batch) for batch in batches)
    assert len(batches) == 3


def test_unknown_engine_name():
    with pytest.raises(EngineUnavailable, match="--engine libreoffice"):
        get_engine("wps")


# --- LibreOffice for real -----------------------------------------------------------------------


@pytest.mark.libreoffice
def test_recalculates_formulas_openpyxl_left_without_values(engine, tmp_path):
    sources = [formula_workbook(tmp_path / f"book{i}.xlsx", a1=i, a2=5) for i in range(1, 4)]
    # openpyxl stores no cached value: a reader sees nothing before LibreOffice computes it
    assert read_cell_values(sources[0], "Kết quả", ["A3"])["A3"] in ("", None)
    outputs = engine.recalculate(sources, tmp_path / "out")
    assert [p.name for p in outputs] == ["book1.xlsx", "book2.xlsx", "book3.xlsx"]
    shown = [read_cell_values(p, "Kết quả", ["A3", "A4"]) for p in outputs]
    assert shown == [
        {"A3": 5.0, "A4": "Không đạt"},
        {"A3": 10.0, "A4": "Đạt"},
        {"A3": 15.0, "A4": "Đạt"},
    ]


@pytest.mark.libreoffice
def test_recalculates_even_when_the_file_holds_stale_cached_values(engine, tmp_path):
    """The profile makes LibreOffice recompute on load instead of trusting stored results."""
    computed = engine.recalculate([formula_workbook(tmp_path / "book.xlsx", a1=3)], tmp_path / "first")[0]
    assert read_cell_values(computed, "Kết quả", ["A3"])["A3"] == 15.0
    # Change the input A1 from 3 to 100 in the XML, keeping the stale cached 15 in A3.
    stale = tmp_path / "stale" / "book.xlsx"
    stale.parent.mkdir()
    with zipfile.ZipFile(computed) as source, zipfile.ZipFile(stale, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                text, count = re.subn(r'(<c r="A1"[^>]*>)<v>3</v>', r"\g<1><v>100</v>", text)
                assert count == 1
                data = text.encode("utf-8")
            target.writestr(item, data)
    assert read_cell_values(stale, "Kết quả", ["A1", "A3"]) == {"A1": 100.0, "A3": 15.0}
    again = engine.recalculate([stale], tmp_path / "second")[0]
    assert read_cell_values(again, "Kết quả", ["A3", "A4"]) == {"A3": 500.0, "A4": "Đạt"}


@pytest.mark.libreoffice
def test_fill_and_recalculate_many_copies_of_one_workbook(engine, tmp_path):
    source = formula_workbook(tmp_path / "template.xlsx")
    jobs = [FillJob(source, tmp_path / "filled" / f"case{i}.xlsx", {("Kết quả", "A1"): value})
            for i, value in enumerate([1, 2, 2.5, None])]
    outputs = engine.fill_and_recalculate(jobs)
    assert outputs == [job.out_path for job in jobs]
    shown = [engine.read_values(path, "Kết quả", ["A3", "A4"]) for path in outputs]
    assert [s["A3"] for s in shown] == [5.0, 10.0, 12.5, 0.0]
    assert [s["A4"] for s in shown] == ["Không đạt", "Đạt", "Đạt", "Không đạt"]
    assert load_workbook(source)["Kết quả"]["A1"].value == 3  # the source is untouched


@pytest.mark.libreoffice
def test_fill_keeps_text_that_looks_like_a_formula_as_text(engine, tmp_path):
    source = formula_workbook(tmp_path / "template.xlsx")
    out = engine.fill_and_recalculate([FillJob(source, tmp_path / "out.xlsx", {("Kết quả", "B1"): "=1+1"})])[0]
    assert engine.read_values(out, "Kết quả", ["B1"])["B1"] == "=1+1"


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["ods", "xls", "pdf"])
def test_convert_to_other_formats(engine, tmp_path, fmt):
    sources = [formula_workbook(tmp_path / f"b{i}.xlsx", a1=i) for i in (2, 4)]
    outputs = engine.convert(sources, tmp_path / "out", fmt)
    assert [p.suffix for p in outputs] == [f".{fmt}"] * 2
    assert all(p.is_file() and p.stat().st_size > 0 for p in outputs)
    if fmt != "pdf":
        assert read_cell_values(outputs[1], "Kết quả", ["A3"])["A3"] == 20.0


@pytest.mark.libreoffice
def test_broken_input_is_an_engine_error_not_a_traceback(engine, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a spreadsheet")
    with pytest.raises(EngineError):
        engine.recalculate([broken], tmp_path / "out")
    with pytest.raises(EngineError):
        engine.recalculate([tmp_path / "missing.xlsx"], tmp_path / "out")


@pytest.mark.libreoffice
def test_timeout_stops_soffice(tmp_path):
    with LibreOfficeEngine(timeout=0.01, timeout_per_file=0) as quick:
        with pytest.raises(EngineError, match="giây"):
            quick.recalculate([formula_workbook(tmp_path / "b.xlsx")], tmp_path / "out")


# --- Excel ---------------------------------------------------------------------------------------


def _excel_present() -> str | None:
    """None when Excel can be driven here; otherwise why not."""
    if platform.system() not in ("Windows", "Darwin"):
        return f"Microsoft Excel runs only on Windows or macOS (this is {platform.system()})"
    try:
        import xlwings  # noqa: F401
    except ImportError:
        return "xlwings is not installed (pip install xlqms[excel])"
    try:
        get_engine("excel").close()
    except EngineUnavailable as exc:
        return str(exc)
    return None


def test_excel_on_linux_explains_itself():
    if platform.system() in ("Windows", "Darwin"):
        pytest.skip("this machine could run Excel")
    with pytest.raises(EngineUnavailable) as raised:
        get_engine("excel")
    message = str(raised.value)
    assert "Linux" in message and "--engine libreoffice" in message and "\n" not in message


@pytest.mark.excel
def test_excel_fills_and_recalculates(tmp_path):
    reason = _excel_present()
    if reason:
        pytest.skip(reason)
    source = formula_workbook(tmp_path / "template.xlsx")
    with get_engine("excel") as excel:
        outputs = excel.fill_and_recalculate([
            FillJob(source, tmp_path / f"case{i}.xlsx", {("Kết quả", "A1"): value})
            for i, value in enumerate([1, 2])
        ])
        shown = [excel.read_values(path, "Kết quả", ["A3", "A4"]) for path in outputs]
    assert shown == [{"A3": 5.0, "A4": "Không đạt"}, {"A3": 10.0, "A4": "Đạt"}]
