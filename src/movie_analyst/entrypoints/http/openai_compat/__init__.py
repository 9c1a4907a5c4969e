"""The OpenAI-compatible facade: /v1/models and /v1/chat/completions over our sessions and runs."""
