"""Import of session files (CSV, JSON Lines, JSON): one service for the page and the command line."""
