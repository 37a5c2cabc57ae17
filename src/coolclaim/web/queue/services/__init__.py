"""Use cases of the queue app, one a module."""
