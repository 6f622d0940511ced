"""python -m smallwins_tui: the same as the `smallwins` command."""

import sys

from .cli import main

sys.exit(main())
