"""``python -m backend.cli``: the ``cic`` command, without the installed script."""

from backend.cli import main

main()
