"""Run the command line as `python -m bannergen`."""

from bannergen.cli import main

main()
