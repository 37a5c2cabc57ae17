"""One builder per reference-data file: `build(document) -> typed` and `load(directory) -> typed`.

`load` reads `data/<name>.yaml` (or the same file in `directory`), validates it against
`schemas/<name>.schema.json` with `coolclaim.refdata.loader.validate_document`, then builds it.
"""
