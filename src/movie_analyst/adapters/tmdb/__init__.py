"""TMDB v3: the HTTP client and the mapping of its JSON onto our domain types."""
