"""The imports app's use cases, one a file (the page, the command line and the background
worker call these)."""
