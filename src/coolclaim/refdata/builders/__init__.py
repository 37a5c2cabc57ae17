"""One builder per reference-data file: `build(document)` turns a schema-valid document into
typed data; `load(directory)` reads the YAML, validates it against its schema and builds it."""
