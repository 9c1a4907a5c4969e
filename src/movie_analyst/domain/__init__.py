"""Entities and value objects. Depends on the standard library and msgspec only."""
