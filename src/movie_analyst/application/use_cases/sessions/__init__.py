"""Session use cases: one per module, each with a single `async execute(...)`."""
