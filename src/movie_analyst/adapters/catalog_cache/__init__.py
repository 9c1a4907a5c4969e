"""The response cache behind `CachedMediaCatalog`: TTL policy, value codec, SQLite store."""
