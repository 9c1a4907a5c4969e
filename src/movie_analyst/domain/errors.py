class DomainError(Exception):
    """A rule of the domain was broken by the caller's input."""


class InvalidValue(DomainError):
    """A value object was given a value it cannot hold."""
