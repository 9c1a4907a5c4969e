"""Movie Analyst: a movie & TV research agent behind a REST + SSE API."""

__version__ = "0.1.0"
