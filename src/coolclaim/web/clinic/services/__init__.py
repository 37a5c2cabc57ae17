"""The clinic's use cases, one a file: what writes sessions, and how a stored session maps to
the coding contract (pages, the API and the import call these; none of them writes a session
itself)."""
