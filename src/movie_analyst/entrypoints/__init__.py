"""Composition root, HTTP app and CLI: the only place that knows every adapter."""
