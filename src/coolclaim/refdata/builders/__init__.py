"""One builder per reference-data file: `build(document) -> <typed>` and `load(directory=None)`.

`coolclaim.refdata.loader` reads each file, validates it against its schema, calls the
file's builder and runs the checks between files. See `refdata/README.md` for the recipe.
"""
