"""What reaches the terminal: user text made safe to show, and the messages of failures outside xlqms.

Light on purpose (the command line imports it at start): rich's markup escaping only.
"""

from __future__ import annotations

import os
import sys

from rich.markup import escape

from xlqms.text import terminal_text


def quiet_stdout() -> None:
    """After the reader of our standard output went away: send the rest nowhere, say nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def store_error_message(exc: Exception) -> str:
    """What to say when SQLite cannot use the store (locked, read-only, damaged)."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return ("Sổ ghi chép của đợt (xlqms.sqlite) đang bị một chương trình khác khóa. Đợi lệnh kia xong "
                "(hoặc đóng chương trình đang mở tệp) rồi chạy lại.")
    if "readonly" in text or "read-only" in text:
        return ("Không ghi được sổ ghi chép của đợt (xlqms.sqlite): thư mục đợt chỉ cho đọc. Chép thư mục đợt sang "
                "nơi ghi được, hoặc dùng các lệnh chỉ đọc (status, export, rollup/report --out nơi khác).")
    if "disk" in text and "full" in text:
        return "Ổ đĩa đã đầy khi ghi sổ ghi chép của đợt (xlqms.sqlite). Giải phóng chỗ trống rồi chạy lại."
    return (f"Sổ ghi chép của đợt (xlqms.sqlite) không dùng được ({text}). Dựng lại từ kho lưu trữ bằng lệnh: "
            "xlqms collect DIR --rebuild")


def safe(value) -> str:
    """User text (file, unit and indicator names, finding messages) for a rich console: control
    characters shown, never obeyed, and square brackets printed as typed, never read as markup."""
    return escape(terminal_text("" if value is None else value))
