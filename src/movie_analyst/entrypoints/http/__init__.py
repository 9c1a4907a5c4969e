"""The Litestar app: one module per group of routes, each exposing `build(container) -> Router`."""
