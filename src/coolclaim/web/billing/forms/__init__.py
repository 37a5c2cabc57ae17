"""Forms of the billing app."""
