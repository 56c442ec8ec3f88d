"""Microsoft Excel as a spreadsheet engine, driven through xlwings (Windows or macOS only).

Installed with ``pip install xlqms[excel]``. Kept thin on purpose: open the workbook in an
invisible Excel, type the inputs, ``app.calculate()``, save the copy, close. What the copy shows
is read back by :func:`xlqms.engines.base.read_cell_values` (Excel stores the values it computed).
Where Excel cannot be driven (Linux, xlwings missing, Excel not installed) the engine refuses to
start with :class:`EngineUnavailable` and one line saying what is missing.
"""

from __future__ import annotations

import platform
import shutil
from pathlib import Path

from xlqms.engines.base import Engine, EngineError, EngineUnavailable, FillJob, Typed

USE_LIBREOFFICE = "Dùng --engine libreoffice."


def excel_unavailable_reason(system: str | None = None) -> str | None:
    """Why Excel cannot be driven on this machine, in one line; None when it might be."""
    system = system or platform.system()
    if system not in ("Windows", "Darwin"):
        return (
            f"Không dùng được Microsoft Excel: máy này chạy {system}; xlwings chỉ điều khiển Excel "
            f"trên Windows hoặc macOS. {USE_LIBREOFFICE} "
            f"(Microsoft Excel cannot run on {system}.)"
        )
    try:
        import xlwings  # noqa: F401
    except ImportError:
        return (
            "Không dùng được Microsoft Excel: chưa cài xlwings — cài bằng: pip install \"xlqms[excel]\". "
            f"Hoặc {USE_LIBREOFFICE[0].lower()}{USE_LIBREOFFICE[1:]}"
        )
    return None


class ExcelEngine(Engine):
    """An invisible Microsoft Excel, started once and reused for every job."""

    name = "excel"
    title = "Microsoft Excel"

    def __init__(self):
        reason = excel_unavailable_reason()
        if reason:
            raise EngineUnavailable(reason)
        import xlwings

        try:
            self.app = xlwings.App(visible=False, add_book=False)
        except Exception as exc:  # noqa: BLE001 - any COM/AppleScript failure means no Excel
            raise EngineUnavailable(
                f"Không mở được Microsoft Excel qua xlwings ({exc.__class__.__name__}: {exc}) — "
                f"kiểm tra Excel đã được cài và kích hoạt. {USE_LIBREOFFICE}"
            ) from exc
        self.app.display_alerts = False
        self.app.screen_updating = False

    def fill_and_recalculate(self, jobs: list[FillJob]) -> list[Path]:
        outputs = []
        for job in jobs:
            out_path = Path(job.out_path).resolve()
            out_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(job.workbook, out_path)
            try:
                book = self.app.books.open(str(out_path))
            except Exception as exc:  # noqa: BLE001
                raise EngineError(f"Excel không mở được {out_path.name}: {exc}") from exc
            try:
                for (sheet, ref), value in job.inputs.items():
                    cell = book.sheets[sheet].range(ref)
                    if isinstance(value, Typed):
                        cell.number_format = value.number_format
                        if value.formula:
                            cell.formula = value.value
                            continue
                        value = value.value
                    if isinstance(value, str):
                        cell.number_format = "@"   # text stays text ("85,3", "=…"), as a pasted text does
                    cell.value = value
                self.app.calculate()
                book.save(str(out_path))
            except Exception as exc:  # noqa: BLE001
                raise EngineError(f"Excel không tính lại được {out_path.name}: {exc}") from exc
            finally:
                book.close()
            outputs.append(out_path)
        return outputs

    def close(self) -> None:
        app, self.app = getattr(self, "app", None), None
        if app is not None:
            try:
                app.quit()
            except Exception:  # noqa: BLE001 - Excel already gone
                pass
