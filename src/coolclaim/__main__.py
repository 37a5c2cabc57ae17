"""`python -m coolclaim` runs the command line."""

from coolclaim.cli import main

main()
