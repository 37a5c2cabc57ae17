"""File adapters: reading session files (JSON Lines, JSON, CSV) and writing coded results."""
