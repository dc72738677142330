"""`python -m schemalab` runs the command line (same as the `schemalab` script)."""

import sys

from schemalab.cli import main

sys.exit(main())
