import sys

from calc.cli.commands import main

sys.exit(main())
