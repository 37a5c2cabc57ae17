"""The coding core: from a documented scalp-cooling session to explained claim lines.

Pure Python: no framework, no database, no files, no clock. Reference data and settings are
passed in.
"""
