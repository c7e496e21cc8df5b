"""Run Article Viewer from a checkout: `python main.py` opens the window, subcommands work headless."""

import sys

from viewer.cli import main

if __name__ == "__main__":
    sys.exit(main())
