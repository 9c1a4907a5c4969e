"""The users of AUTH_MODE=users or proxy and their use cases, the admin reads among them;
`Container.auth` is this container.

The directory lives in the chat store's engine (SQLite file or PostgreSQL), so the `users`
commands and every replica see the same users. The app opens it in `users` and `proxy` modes.
"""

from dependency_injector import containers, providers

from movie_analyst.adapters.postgres_user_directory import PostgresUserDirectory
from movie_analyst.adapters.sqlite_user_directory import SqliteUserDirectory
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.user_directory import UserDirectory
from movie_analyst.application.use_cases.admin.list_user_sessions import ListUserSessions
from movie_analyst.application.use_cases.admin.list_users import ListUsers
from movie_analyst.application.use_cases.admin.read_session_messages import ReadSessionMessages
from movie_analyst.application.use_cases.sessions.list_messages import ListMessages
from movie_analyst.application.use_cases.sessions.list_sessions import ListSessions
from movie_analyst.application.use_cases.users.add_user import AddUser
from movie_analyst.application.use_cases.users.api_keys import ApiKeys
from movie_analyst.application.use_cases.users.authenticate import Authenticate
from movie_analyst.application.use_cases.users.proxy_user import ProxyUser
from movie_analyst.application.use_cases.users.remove_user import RemoveUser
from movie_analyst.application.use_cases.users.rotate_key import RotateKey
from movie_analyst.entrypoints import choices
from movie_analyst.entrypoints.settings import Settings


class AuthPorts(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    chat_repository: providers.Dependency[ChatRepository] = providers.Dependency()

    directory: providers.Provider[UserDirectory] = providers.Selector(
        settings.provided.database.engine,
        sqlite=providers.Singleton(SqliteUserDirectory, settings.provided.database.location),
        postgresql=providers.Singleton(PostgresUserDirectory, settings.provided.database.location),
    )
    # What the app opens: the directory in `users` and `proxy` modes, nothing otherwise.
    serving_directory: providers.Provider[UserDirectory | None] = providers.Selector(
        settings.provided.auth,
        users=directory,
        none=providers.Object(None),
        token=providers.Object(None),
        proxy=directory,
    )
    keys = providers.Singleton(
        ApiKeys,
        providers.Callable(
            choices.required,
            settings.provided.auth_secret,
            "API keys need AUTH_SECRET (at least 32 characters, e.g. `openssl rand -hex 32`)",
        ),
    )
    authenticate = providers.Singleton(Authenticate, directory=directory, keys=keys)
    proxy_user = providers.Singleton(ProxyUser, directory=directory)
    add_user = providers.Factory(AddUser, directory=directory, keys=keys)
    rotate_key = providers.Factory(RotateKey, directory=directory, keys=keys)
    remove_user = providers.Factory(RemoveUser, directory=directory)

    list_users = providers.Factory(ListUsers, directory=directory)
    list_user_sessions = providers.Factory(
        ListUserSessions,
        directory=directory,
        list_sessions=providers.Factory(ListSessions, repository=chat_repository),
    )
    read_session_messages = providers.Factory(
        ReadSessionMessages,
        list_messages=providers.Factory(ListMessages, repository=chat_repository),
    )
