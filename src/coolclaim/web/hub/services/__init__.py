"""Use cases of the hub app, one a file. Every change to a case is an event appended by
``record_event`` (checked by the core's replay first; a refused event stores nothing)."""
