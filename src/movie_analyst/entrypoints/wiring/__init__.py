"""One sub-container per concern; `entrypoints/container.py` composes them.

Every object that opens something (a database, an HTTP pool, background tasks) implements
`Managed` and is listed in its sub-container's `managed` provider, so the app lifespan can open
them in order and close them in reverse. Nothing opens at import time.
"""
