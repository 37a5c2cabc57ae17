"""One importer per kind of file (see ``coolclaim.web.imports.pipeline.importer.Importer``):
sessions today; remittances (X12 835) and eligibility responses (271) next."""
