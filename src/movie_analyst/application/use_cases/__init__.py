"""One use case per module: a class with one public `async execute(...)`."""
