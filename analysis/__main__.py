"""Command line: ``python -m analysis ingest|analyze PATH...``. Run with ``--help``."""

from analysis.cli import main

raise SystemExit(main())
