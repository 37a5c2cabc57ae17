"""The work queue: what needs attention across the user's facilities (a module, no models)."""
