"""Export: the contract's JSON shape, the CSV for Excel, the DataFrames for analysts."""

from __future__ import annotations

import csv
import io
import json

import pytest
from builders_attainment import entry, make_campaign, submission

from xlqms.attainment import evaluate_round
from xlqms.export import export_csv, export_data, export_frames, render_export
from xlqms.rollup import roll_up

UNITS = [("P", "Tỉnh Thử", "Tỉnh", None), ("A", "Phường Lộc An", "Phường", "P"), ("B", "Xã Bình", "Xã", "P")]
OBJECTIVES = [
    ("1", "Hồ sơ đúng hạn", [("MT01", "trên 90%")]),
    ("2", "Đánh giá nội bộ", [("MT02", "Kết quả đánh giá nội bộ đạt yêu cầu")]),
]


@pytest.fixture()
def exported():
    campaign = make_campaign(UNITS, OBJECTIVES)
    returns = {"A": submission("A", [entry("MT01", num=1540, den=1587, row=12),
                                     entry("MT02", passed=True, explanation="=HYPERLINK(\"x\")")])}
    result = evaluate_round(campaign, returns)
    return campaign, result, roll_up(campaign, result)


def test_json_has_the_contract_fields(exported):
    data = json.loads(render_export(*exported, "json"))
    assert set(data) >= {"units", "rollup"}
    for unit in data["units"]:
        assert set(unit) >= {"code", "name", "parent", "submitted", "objectives_met", "objectives_total", "objectives"}
        assert isinstance(unit["code"], str) and isinstance(unit["name"], str)
        assert unit["parent"] is None or isinstance(unit["parent"], str)
        assert isinstance(unit["submitted"], bool)
        assert isinstance(unit["objectives_met"], int) and isinstance(unit["objectives_total"], int)
        for objective in unit["objectives"]:
            assert set(objective) >= {"number", "status", "indicators"}
            assert isinstance(objective["number"], str)
            assert objective["status"] in {"exceeded", "met", "not_met", "not_due", "no_data"}
            for indicator in objective["indicators"]:
                assert set(indicator) >= {"code", "target", "value", "status"}
                assert indicator["value"] is None or isinstance(indicator["value"], (int, float))
    for entry_ in data["rollup"]:
        assert set(entry_) >= {"code", "units_expected", "units_submitted", "indicators"}
        for indicator in entry_["indicators"]:
            assert set(indicator) >= {"code", "units_met", "units_assessed", "pooled_value"}
            assert isinstance(indicator["units_met"], int) and isinstance(indicator["units_assessed"], int)


def test_json_values(exported):
    data = export_data(*exported)
    units = {unit["code"]: unit for unit in data["units"]}
    assert units["P"]["parent"] is None                       # a root
    assert units["A"]["parent"] == "P"
    assert units["B"]["submitted"] is False                   # missing units are listed
    assert units["B"]["objectives_met"] == 0 and units["B"]["objectives_total"] == 2
    a = units["A"]
    assert (a["objectives_met"], a["objectives_total"]) == (2, 2)
    ratio = a["objectives"][0]["indicators"][0]
    assert ratio == {**ratio, "code": "MT01", "target": "trên 90%", "value": 97.04, "status": "met",
                     "numerator": 1540, "denominator": 1587}
    qualitative = a["objectives"][1]["indicators"][0]
    assert qualitative["value"] is None and qualitative["passed"] is True and qualitative["status"] == "met"
    assert [entry_["code"] for entry_ in data["rollup"]] == ["P"]
    province = data["rollup"][0]
    # P's roll-up pools the units below it (A, B), never its own result.
    assert (province["units_expected"], province["units_submitted"], province["units_missing"]) == (2, 1, ["B"])
    mt01 = province["indicators"][0]
    assert (mt01["units_met"], mt01["units_assessed"], mt01["pooled_value"]) == (1, 1, 97.04)
    assert province["indicators"][1]["pooled_value"] is None  # qualitative: nothing to pool


def test_csv_has_a_bom_one_row_per_unit_and_indicator_and_no_formula(exported):
    text = export_csv(exported[1])
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 3 * 2                                  # P, A, B × MT01, MT02
    row = next(r for r in rows if r["unit_code"] == "A" and r["indicator"] == "MT01")
    assert row["status"] == "met" and row["label"] == "Đạt" and row["numerator"] == "1540"
    assert row["file"] == "A_ket_qua.xlsx" and "Tử số=E12" in row["cells"]
    typed = next(r for r in rows if r["unit_code"] == "A" and r["indicator"] == "MT02")
    assert typed["explanation"] == "'=HYPERLINK(\"x\")"       # never a formula when Excel opens it
    missing = next(r for r in rows if r["unit_code"] == "B" and r["indicator"] == "MT01")
    assert missing["submitted"] == "false" and missing["status"] == "no_data"


def test_frames_for_analysts(exported):
    campaign, result, rollup = exported
    frames = export_frames(campaign, result, rollup)
    assert set(frames) == {"units", "indicators", "objectives", "rollup"}
    assert list(frames["units"].unit_code) == ["P", "A", "B"]
    indicators = frames["indicators"]
    assert len(indicators) == 6
    value = indicators[(indicators.unit_code == "A") & (indicators.indicator == "MT01")].value.iloc[0]
    assert value == pytest.approx(97.0384373)                 # unrounded in the frames
    assert frames["rollup"].pooled_value.iloc[0] == pytest.approx(97.0384373)


def test_nothing_collected_yet_lists_every_unit_as_missing_and_leaves_the_folder_alone(tmp_path):
    from click.testing import CliRunner

    from xlqms import layout
    from xlqms.campaign import Settings
    from xlqms.campaign_workbook import write_campaign_workbook
    from xlqms.cli import main
    from xlqms.units import Unit

    settings = Settings(year=2026, period="Cả năm", campaign_id="2026-FY-test")
    write_campaign_workbook(tmp_path / "campaign.xlsx", settings,
                            [Unit("T", "Tỉnh Thử", "Tỉnh"), Unit("X1", "Xã Một", "Xã", "T")])
    result = CliRunner().invoke(main, ["export", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [unit["submitted"] for unit in data["units"]] == [False, False]
    assert data["rollup"][0]["units_missing"] == ["X1"]
    assert not (tmp_path / layout.STORE_FILE).exists()
    result = CliRunner().invoke(main, ["rollup", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "tong_hop_FY_2026.xlsx").is_file()


def test_export_of_a_folder_without_campaign_is_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from xlqms.cli import main

    result = CliRunner().invoke(main, ["export", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 2
    assert "campaign.xlsx" in result.output


@pytest.mark.parametrize("data", [
    {"a": 1, "b": [1, 2.5, -0.0, 1e-07, 1e22, 10 ** 30], "c": {}, "d": [], "e": None, "f": True, "g": False},
    {"Tên": "Phường Lộc An", "ký tự": "\"\\/\b\f\n\r\t\x00\x1f\u2028 𝔘 “đạt” & <b>", "nested": [[[]], [{}], [{"x": [{}]}]]},
    {"tuple": (1, "hai", (3.0,)), 7: "int key", 2.5: "float key", True: "bool key", None: "null key"},
    {"special": [float("nan"), float("inf"), float("-inf")]},
    [],
    "chỉ một chuỗi",
    12.75,
])
def test_dump_json_writes_compact_json_that_reads_back(data):
    from xlqms.export import dump_json

    stream = io.StringIO()
    dump_json(data, stream)
    text = stream.getvalue()
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert text.endswith("\n") and "\n" not in text[:-1]          # one line: compact
    assert "Phường" in text or "Phường" not in json.dumps(data, ensure_ascii=False)   # UTF-8, not \u escapes
    expected = json.loads(json.dumps(data))
    assert json.loads(text) == expected or text.count("NaN")   # NaN never equals itself


def test_dump_json_refuses_what_json_refuses():
    from xlqms.export import dump_json

    with pytest.raises(TypeError):
        dump_json({"a": {1, 2}}, io.StringIO())
    with pytest.raises(TypeError):
        dump_json({(1, 2): "tuple key"}, io.StringIO())


def test_write_export_to_a_file_or_a_stream_is_the_rendered_text(exported, tmp_path, monkeypatch):
    from xlqms import export

    loaded = export.LoadedRound(*exported, [], [])
    monkeypatch.setattr(export, "load_round", lambda folder: loaded)
    for format_ in ("json", "csv"):
        path = export.write_export(tmp_path, format_, out=tmp_path / "out" / f"ket_qua.{format_}")
        expected = render_export(*exported, format_)
        assert path.read_bytes() == expected.encode("utf-8")
        stream = io.StringIO()
        assert export.write_export(tmp_path, format_, stream=stream) is None
        assert stream.getvalue() == expected
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ket_qua.csv", "ket_qua.json"]  # no temp left

