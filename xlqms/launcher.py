"""Where the ``xlqms`` command starts, so that Ctrl+C at any moment ends quietly (issue 15).

The console script (``xlqms = "xlqms.launcher:main"``) and ``python -m xlqms`` enter here. Importing
this module guards SIGINT (:func:`xlqms.stopping.guard`) and costs next to nothing (``signal``,
``atexit``; the package's ``__init__`` is lazy, PEP 562), so the guard is in place before the
command line and the libraries it needs are imported (tenths of a second). Every SIGINT then ends
the same way — :data:`xlqms.stopping.STOPPED` (one line, on the standard error) and exit code 130
(the shell's 128 + SIGINT), never a traceback:

* before :func:`main` runs (the console script's own lines), SIGINT is noted: :func:`main` stops at once;
* while the command line is imported or a command works, SIGINT raises ``KeyboardInterrupt`` as
  Python's own handler does, so that ``finally`` blocks, the campaign lock and worker pools clean up
  (:class:`xlqms.cli.XlqmsGroup` says the line for a command; :func:`main` for anything else);
* once the command has ended (done, failed or interrupted), SIGINT raises nothing: shutdown (worker
  pools joined, ``atexit`` hooks) runs to its end, the line is said if it was not yet, and the exit
  code becomes 130 after the last ``atexit`` hook.

What no code of the package can guard: the interpreter's own start, before the package's first line
(``site`` and the installed packages' ``.pth`` files, a few milliseconds); a SIGINT there is Python's.
Import this module only to run the command: the import is what installs the guard."""

from __future__ import annotations

import sys

from xlqms.stopping import guard, stopped

_GUARD = guard()     # on import: the console script runs a few lines of its own before it calls main()


def main() -> None:
    """Run the command line (``sys.argv``) under the guard; exits with the command's code, or 130."""
    code: int | str | None = 0
    try:
        try:
            _GUARD.working = True
            if _GUARD.interrupted:        # a SIGINT while the console script ran its own lines
                raise KeyboardInterrupt
            from xlqms.cli import main as command_line

            command_line()
        except SystemExit as exc:
            code = exc.code
        except KeyboardInterrupt:
            code = stopped()
        finally:
            _GUARD.working = False
    except KeyboardInterrupt:     # a second SIGINT between the first and the line above
        _GUARD.working = False
        code = stopped()
    if _GUARD.interrupted:
        code = stopped()
    sys.exit(code)
