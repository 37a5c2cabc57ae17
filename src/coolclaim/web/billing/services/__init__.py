"""Use cases of the billing app, one a module."""
