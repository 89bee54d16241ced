"""`python -m soildesk` and the frozen console program (soildesk-cli.exe)."""

import sys

from soildesk.cli import main

sys.exit(main())
