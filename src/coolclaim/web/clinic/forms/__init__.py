"""Forms of the clinic app."""
