"""User use cases (AUTH_MODE=users): one per module, each with a single `async execute(...)`."""
