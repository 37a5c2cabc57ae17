"""One builder per reference-data file: `build(document)` and `load(directory=None)`."""
