import logging

from movie_analyst.application.errors import AdminRequired
from movie_analyst.domain.user import User

log = logging.getLogger("movie_analyst.admin")


def admitted_admin(caller: User | None, *, route: str, target: str) -> User:
    """The caller when an admin, after logging the read; else `AdminRequired`.

    The audit line names the admin, the route and the target (a user name or a session id),
    never a key: the caller is already signed in, its key is not in reach here.
    """
    if caller is None or not caller.is_admin:
        raise AdminRequired()
    log.info("admin read: admin=%s route=%r target=%s", caller.name, route, target)
    return caller
