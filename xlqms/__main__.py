"""``python -m xlqms``: the command line, entered through :mod:`xlqms.launcher` (Ctrl+C ends quietly)."""

from xlqms.launcher import main

main()
