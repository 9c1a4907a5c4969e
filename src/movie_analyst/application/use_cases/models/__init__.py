"""Use cases about the language models the configured gateway offers."""
