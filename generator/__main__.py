"""Entry point: python -m generator check|build|serve."""

import sys

from .cli import main

sys.exit(main())
