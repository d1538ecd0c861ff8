"""`python -m data.accounts add|passwd|role|remove|list`: manage the accounts from the server's shell."""

import sys

from data.accounts import cli

sys.exit(cli.main())
