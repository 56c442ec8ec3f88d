"""The store records facts; states (accepted, superseded, …) are computed from them."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from xlqms.findings import error, warning
from xlqms.store import NewFile, Store, record_files
from xlqms.submission import Entry

NOW = dt.datetime(2026, 7, 1, 9, 0)


def new(checksum, unit="00004", verdict="clean", path=None, entries=None, findings=(), unusable=()):
    entries = entries if entries is not None else (Entry("MT01", value=Fraction("95.5")), Entry("MT02", passed=True))
    return NewFile(checksum=checksum, source_path=path or f"/in/{checksum}.xlsx", file_name=f"{checksum}.xlsx",
                   extension=".xlsx", size=100, mtime_ns=1, received_at=NOW, verdict=verdict, kind="xlsx",
                   unit_code=unit, claimed_unit=unit or "", campaign_id="C", period="6 tháng đầu năm",
                   template_version="1", entries=tuple(entries), unusable=frozenset(unusable), findings=tuple(findings))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path) as opened:
        yield opened


def states(store):
    return {record.checksum: record.state for record in store.files() if record.state != "duplicate"}


def test_later_valid_file_supersedes(store):
    record_files(store, [new("a"), new("b")], NOW)
    assert states(store) == {"a": "superseded", "b": "accepted"}
    assert store.accepted_submissions()["00004"].checksum == "b"
    assert store.review_states() == {"00004": "accepted"}


def test_rejected_file_never_replaces_an_accepted_one(store):
    record_files(store, [new("a"), new("b", verdict="rejected", entries=())], NOW)
    assert states(store) == {"a": "accepted", "b": "rejected"}
    assert store.accepted_submissions()["00004"].checksum == "a"
    assert store.review_states() == {"00004": "accepted"}


def test_file_with_errors_after_accepted_one(store):
    bad = error("not-a-number", "x", indicator="MT01")
    record_files(store, [new("a"), new("b", verdict="errors", findings=(bad,), unusable={"MT01"})], NOW)
    assert states(store) == {"a": "accepted", "b": "needs_correction"}
    assert store.accepted_submissions()["00004"].checksum == "a"     # the valid file's values stand
    assert store.review_states() == {"00004": "needs_correction"}    # but the unit must correct its new file


def test_needs_correction_file_gives_only_its_clean_values(store):
    bad = error("not-a-number", "x", indicator="MT01")
    record_files(store, [new("a", verdict="errors", findings=(bad,), unusable={"MT01"})], NOW)
    submission = store.accepted_submissions()["00004"]
    assert set(submission.entries) == {"MT02"} and submission.entries["MT02"].passed is True
    assert states(store) == {"a": "needs_correction"}
    record_files(store, [new("b")], NOW)
    assert states(store) == {"a": "superseded", "b": "accepted"}
    assert set(store.accepted_submissions()["00004"].entries) == {"MT01", "MT02"}


def test_only_rejected_files_need_correction(store):
    record_files(store, [new("a", verdict="rejected", entries=())], NOW)
    assert store.accepted_submissions() == {}
    assert store.review_states() == {"00004": "needs_correction"}


def test_review_warning_makes_received(store):
    record_files(store, [new("a", findings=(warning("identity-from-visible-cells", "x"),))], NOW)
    assert store.review_states() == {"00004": "received"}
    assert "00004" in store.accepted_submissions()


def test_same_bytes_count_once_and_duplicates_are_listed(store):
    assert record_files(store, [new("a"), new("a", path="/mail/copy.xlsx")], NOW) == [True, False]
    records = store.files()
    assert [(r.state, r.source_path) for r in records] == [("accepted", "/in/a.xlsx"), ("duplicate", "/mail/copy.xlsx")]
    assert set(store.sightings()) == {"/in/a.xlsx", "/mail/copy.xlsx"}


def test_values_round_trip_exactly(store):
    entry = Entry("MT01", numerator=Fraction(1540), denominator=Fraction(1587), value=Fraction("97.04"),
                  baseline=Fraction(493, 5), explanation="=1+1", percent_sign=True, cells={"Kết quả": "H11"})
    record_files(store, [new("a", entries=(entry,))], NOW)
    submission = store.accepted_submissions()["00004"]
    assert submission.entries["MT01"] == entry and submission.entries["MT01"].cells == {"Kết quả": "H11"}
    assert (submission.file_name, submission.received_at, submission.source_path) == ("a.xlsx", NOW, "/in/a.xlsx")


def test_findings_are_kept_in_order(store):
    found = (error("zip-bomb", "một"), warning("macros-present", "hai", file="f.xlsx", sheet="S", cell="A1"))
    record_files(store, [new("a", verdict="rejected", findings=found, entries=())], NOW)
    assert store.findings("a") == list(found) and store.findings() == list(found)


def test_failed_batch_leaves_nothing(store, monkeypatch):
    original = store.add_file
    calls = []

    def flaky(item, when):
        calls.append(item.checksum)
        if len(calls) == 2:
            raise RuntimeError("killed")
        return original(item, when)

    monkeypatch.setattr(store, "add_file", flaky)
    with pytest.raises(RuntimeError):
        record_files(store, [new("a"), new("b")], NOW)
    assert store.files() == [] and store.sightings() == {}


def test_reopen_keeps_everything(tmp_path):
    with Store(tmp_path) as first:
        record_files(first, [new("a")], NOW)
    with Store(tmp_path) as second:
        assert [r.checksum for r in second.files()] == ["a"]
        assert (tmp_path / "xlqms.sqlite").is_file()


@pytest.mark.parametrize("text", ["1540/1587", "-3/4", "0/1", "97/1", "12345678901234567890123/10", "3", "1.5",
                                  " 7/8 ", "-0.25", "1e3", "+2/3", "２/3"])
def test_stored_numbers_parse_as_fraction_parses_them(text):
    from xlqms.store_values import EntryParser as _EntryParser

    parser = _EntryParser()
    assert parser.fraction(text) == Fraction(text)
    assert parser.fraction(text) is parser.fraction(text)          # parsed once
    assert parser.fraction(None) is None


def test_a_bad_stored_number_fails_as_fraction_fails():
    from xlqms.store_values import EntryParser as _EntryParser

    for text in ("1/0", "x/2", "1//2", ""):
        with pytest.raises((ValueError, ZeroDivisionError)):
            Fraction(text)
        with pytest.raises((ValueError, ZeroDivisionError)):
            _EntryParser().fraction(text)


def test_units_sharing_the_same_cells_get_their_own_cells_dict(store):
    cells = {"Tử số": "E12", "Mẫu số": "F12"}
    files = [new(f"f{n}", unit=f"0000{n}", entries=(Entry("MT01", numerator=Fraction(n), denominator=Fraction(9),
                                                          cells=dict(cells)),))
             for n in range(1, 4)]
    record_files(store, files, NOW)
    submissions = store.accepted_submissions()
    first, second = submissions["00001"].entries["MT01"], submissions["00002"].entries["MT01"]
    assert first.cells == second.cells == cells and first.cells is not second.cells
    first.cells["Tử số"] = "Z1"
    assert second.cells == cells
    assert [submissions[f"0000{n}"].entries["MT01"].numerator for n in range(1, 4)] == [1, 2, 3]
    assert store.entries("f2") == {"MT01": second}


@pytest.mark.parametrize("entry", [
    Entry("MT01", change=Fraction("7.4"), percent_sign=True, explanation="tăng 7,4%"),
    Entry("MT01", change=Fraction("-1.2"), change_points=True, percent_sign=True),
    Entry("MT01", change=Fraction(5), baseline=Fraction(100)),
])
def test_an_achieved_change_round_trips(store, entry):
    record_files(store, [new("a", entries=(entry,))], NOW)
    assert store.accepted_submissions()["00004"].entries["MT01"] == entry
    assert store.entries("a")["MT01"].reading == entry.reading
