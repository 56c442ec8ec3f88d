"""Spreadsheet applications that open, recalculate and read workbooks: LibreOffice and Excel.

The core pipeline never needs them; ``xlqms verify`` uses them to prove the generated workbooks'
live formulas agree with xlqms's own verdicts. See :mod:`xlqms.engines.base`.
"""

from xlqms.engines.base import (
    ENGINES,
    Engine,
    EngineError,
    EngineUnavailable,
    get_engine,
)

__all__ = ["ENGINES", "Engine", "EngineError", "EngineUnavailable", "get_engine"]
