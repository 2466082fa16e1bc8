"""``python -m radrules``: the command line, as the ``radrules`` script."""

import sys

from radrules.cli import main

sys.exit(main())
