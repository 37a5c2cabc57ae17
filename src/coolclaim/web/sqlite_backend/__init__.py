"""The embedded database's Django backend: SQLite that waits and retries when it is busy."""
