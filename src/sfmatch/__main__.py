import sys

from sfmatch.cli import main

sys.exit(main())
