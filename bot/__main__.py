"""`python -m bot …`: the command line (bot/cli/main.py)."""

import gc
import sys

# Start-up builds some 150,000 objects that live as long as the process (modules, classes,
# SQLAlchemy mappers, compiled patterns) and frees almost none of them, so the collector's
# passes over them meanwhile are wasted work: a tenth of a restart (issue #8). bot.cli.main
# turns it back on when start-up is over.
gc.disable()

from bot.cli.main import main  # noqa: E402

sys.exit(main())
