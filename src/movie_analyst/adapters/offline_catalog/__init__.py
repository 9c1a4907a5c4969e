"""The offline film catalog: importer, schema and queries behind `OfflineMediaCatalog`."""
