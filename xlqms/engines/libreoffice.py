"""LibreOffice headless (soffice) as a spreadsheet engine: recalculate and convert workbooks.

Every :class:`LibreOfficeEngine` runs soffice with a user profile of its own (a temporary folder
passed as ``-env:UserInstallation``), so it never touches a person's LibreOffice settings and
several engines can run side by side. That profile tells Calc to recalculate every formula when a
file is loaded (``OOXMLRecalcMode`` and ``ODFRecalcMode`` = 0, "always"): the values written back
are what LibreOffice itself computes, never the cached values stored in the file.

Many files go through one soffice start (``--convert-to`` takes a list of files), which matters:
a start costs seconds, a file a fraction of one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import weakref
from pathlib import Path

from openpyxl import load_workbook

from xlqms.engines.base import Engine, EngineError, EngineUnavailable, FillJob, type_into

SOFFICE_ENV = "XLQMS_SOFFICE"

INSTALL = (
    "cài LibreOffice (Debian/Ubuntu: apt-get install libreoffice-calc-nogui; Windows/macOS: "
    "https://www.libreoffice.org/download)"
)
INSTALL_HINT = f"{INSTALL} hoặc chỉ đường dẫn bằng --soffice PATH"

COMMON_LOCATIONS = (
    "/usr/bin/soffice",
    "/usr/local/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)

# soffice --convert-to filter for each output format we support.
FILTERS = {
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "xls": "xls:MS Excel 97",
    "ods": "ods:calc8",
    "fods": "fods:OpenDocument Spreadsheet Flat XML",
    "html": "html:HTML (StarCalc)",     # every sheet as a web page (how returns exported as such are made)
    "csv": "csv:Text - txt - csv (StarCalc):44,34,76,1",   # the first sheet, UTF-8
    "pdf": "pdf:calc_pdf_Export",
    "docx": "docx:MS Word 2007 XML",    # Writer documents (a decision in .doc / .odt), not workbooks
}

RECALC_ON_LOAD_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


def _executable(path: str | os.PathLike) -> str | None:
    candidate = Path(path)
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    return None


def find_soffice(explicit: str | None = None) -> str | None:
    """The soffice program to run: ``explicit``, else $XLQMS_SOFFICE, PATH, common locations.

    An explicit path (or the environment variable) that is not an executable gives None rather
    than silently falling back to another LibreOffice: the user asked for that one.
    """
    if explicit:
        return _executable(explicit) or shutil.which(str(explicit))
    from_env = os.environ.get(SOFFICE_ENV)
    if from_env:
        return _executable(from_env) or shutil.which(from_env)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for location in COMMON_LOCATIONS:
        found = _executable(location)
        if found:
            return found
    return None


def require_soffice(explicit: str | None = None) -> str:
    """Like :func:`find_soffice`, but raise :class:`EngineUnavailable` with what to do."""
    found = find_soffice(explicit)
    if found:
        return found
    if explicit:
        raise EngineUnavailable(
            f"Không dùng được LibreOffice: không có chương trình soffice tại “{explicit}” — "
            f"kiểm tra đường dẫn --soffice, hoặc {INSTALL}. "
            f"(LibreOffice not found at {explicit}.)"
        )
    if os.environ.get(SOFFICE_ENV):
        raise EngineUnavailable(
            f"Không dùng được LibreOffice: biến môi trường {SOFFICE_ENV}=“{os.environ[SOFFICE_ENV]}” "
            f"không trỏ tới chương trình soffice — sửa biến này, hoặc {INSTALL_HINT}."
        )
    raise EngineUnavailable(
        f"Không tìm thấy LibreOffice (soffice) trên máy này — {INSTALL_HINT}. "
        "(LibreOffice not found: install libreoffice-calc-nogui or pass --soffice PATH.)"
    )


LOCALE_XCU = ('<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="{name}" oor:op="fuse">'
              '<value>{locale}</value></prop></item>\n')


def write_profile(profile_dir: Path, locale: str | None = None) -> Path:
    """Write a user profile that makes Calc recalculate on load; return its folder.

    ``locale`` (``vi-VN``): the locale Calc runs in (number separators, number-to-text conversion);
    default the machine's."""
    user = Path(profile_dir) / "user"
    user.mkdir(parents=True, exist_ok=True)
    settings = RECALC_ON_LOAD_XCU
    if locale:
        items = "".join(LOCALE_XCU.format(name=name, locale=locale) for name in ("ooSetupSystemLocale", "ooLocale"))
        settings = settings.replace("</oor:items>", items + "</oor:items>")
    (user / "registrymodifications.xcu").write_text(settings, encoding="utf-8")
    return Path(profile_dir)


class LibreOfficeEngine(Engine):
    """soffice headless with its own profile; recalculates and converts many files per call.

    ``timeout`` is the base time (seconds) for one soffice start; each file adds
    ``timeout_per_file``. Use as a context manager (or call :meth:`close`) to remove the
    temporary profile; it is removed at interpreter exit otherwise.
    """

    def __init__(self, soffice: str | None = None, profile_dir: str | os.PathLike | None = None,
                 timeout: float = 180.0, timeout_per_file: float = 10.0, locale: str | None = None):
        self.soffice = require_soffice(soffice)
        self.timeout = timeout
        self.timeout_per_file = timeout_per_file
        if profile_dir is None:
            created = tempfile.mkdtemp(prefix="xlqms-soffice-profile-")
            self._finalizer: weakref.finalize | None = weakref.finalize(self, shutil.rmtree, created, True)
            profile_dir = created
        else:
            self._finalizer = None
        self.profile_dir = write_profile(Path(profile_dir), locale)

    name = "libreoffice"
    title = "LibreOffice"

    # -- lifetime --------------------------------------------------------------------------------
    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()

    def __enter__(self) -> LibreOfficeEngine:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- work ------------------------------------------------------------------------------------
    def recalculate(self, paths, out_dir) -> list[Path]:
        """Open each .xlsx in LibreOffice, recalculate every formula, save as .xlsx in ``out_dir``.

        Returns the output paths in the order of ``paths`` (same file names). ``out_dir`` must not
        be the folder of an input (the input would be overwritten).
        """
        return self.convert(paths, out_dir, "xlsx")

    def convert(self, paths, out_dir, fmt: str) -> list[Path]:
        """Convert files to ``fmt`` ('xlsx', 'ods', 'xls', 'pdf'; 'docx' for text documents) in ``out_dir``, batched."""
        if fmt not in FILTERS:
            raise ValueError(f"unsupported format {fmt!r}; choose one of {', '.join(FILTERS)}")
        paths = [Path(p).resolve() for p in paths]
        out_dir = Path(out_dir).resolve()
        out_dir.mkdir(parents=True, exist_ok=True)
        for path in paths:
            if not path.is_file():
                raise EngineError(f"Không có tệp {path} để LibreOffice mở.")
            if path.parent == out_dir and path.suffix.lower() == f".{fmt}":
                raise EngineError(f"Thư mục kết quả {out_dir} trùng thư mục của {path.name}: chọn thư mục khác.")
        outputs = [out_dir / f"{path.stem}.{fmt}" for path in paths]
        for batch in _batches_with_unique_stems(paths):
            for path in batch:
                target = out_dir / f"{path.stem}.{fmt}"
                if target.exists():
                    target.unlink()
            self._run(["--convert-to", FILTERS[fmt], "--outdir", str(out_dir), *map(str, batch)],
                      timeout=self.timeout + self.timeout_per_file * len(batch))
        missing = [out.name for out in outputs if not out.is_file()]
        if missing:
            raise EngineError(
                f"LibreOffice không tạo được {len(missing)} tệp ({', '.join(missing[:5])}"
                f"{'…' if len(missing) > 5 else ''}): tệp gốc có thể bị hỏng hoặc không phải bảng tính."
            )
        return outputs

    def fill_and_recalculate(self, jobs: list[FillJob]) -> list[Path]:
        """Write each job's inputs into a copy (openpyxl), then let LibreOffice compute them all.

        openpyxl only types the values (and stores no results); every formula value in the saved
        copies is computed by LibreOffice, in one soffice start for all jobs.
        """


        if not jobs:
            return []
        with tempfile.TemporaryDirectory(prefix="xlqms-fill-") as scratch:
            filled_dir, computed_dir = Path(scratch, "filled"), Path(scratch, "computed")
            filled_dir.mkdir()
            filled = []
            for index, job in enumerate(jobs):
                try:
                    workbook = load_workbook(job.workbook)
                    for (sheet, ref), value in job.inputs.items():
                        type_into(workbook[sheet][ref], value)
                    copy = filled_dir / f"{index:05d}-{Path(job.workbook).stem}.xlsx"
                    workbook.save(copy)
                    workbook.close()
                except Exception as exc:  # noqa: BLE001 - a copy that cannot be made is this job's failure
                    raise EngineError(f"Không tạo được bản sao của {Path(job.workbook).name} để điền: "
                                      f"{exc.__class__.__name__}: {exc}") from exc
                filled.append(copy)
            computed = self.recalculate(filled, computed_dir)
            outputs = []
            for job, result in zip(jobs, computed):
                out_path = Path(job.out_path)
                out_path.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(result), str(out_path))
                outputs.append(out_path)
        return outputs

    def _command(self, arguments: list[str]) -> list[str]:
        return [
            self.soffice,
            f"-env:UserInstallation={self.profile_dir.as_uri()}",
            "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            *arguments,
        ]

    def _run(self, arguments: list[str], timeout: float) -> subprocess.CompletedProcess:
        command = self._command(arguments)
        env = dict(os.environ)
        env.setdefault("SAL_USE_VCLPLUGIN", "svp")
        try:
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                start_new_session=(os.name == "posix"),
            )
        except OSError as exc:
            raise EngineUnavailable(
                f"Không chạy được LibreOffice ({self.soffice}): {exc} — {INSTALL_HINT}."
            ) from exc
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise EngineError(
                f"LibreOffice không xong sau {timeout:.0f} giây và đã bị dừng "
                "(LibreOffice timed out)."
            ) from None
        if process.returncode != 0:
            detail = (stderr or stdout or b"").decode("utf-8", "replace").strip().splitlines()
            raise EngineError(
                f"LibreOffice dừng với mã lỗi {process.returncode}"
                + (f": {detail[-1]}" if detail else "") + "."
            )
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill(process: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()


def _batches_with_unique_stems(paths: list[Path]) -> list[list[Path]]:
    """Split ``paths`` so that no batch has two files with the same stem (outputs would clash)."""
    batches: list[list[Path]] = []
    stems: list[set[str]] = []
    for path in paths:
        for batch, seen in zip(batches, stems):
            if path.stem not in seen:
                batch.append(path)
                seen.add(path.stem)
                break
        else:
            batches.append([path])
            stems.append({path.stem})
    return batches
