"""Storage wiring: the SQLite chat repository and the session use cases built on it."""

from dependency_injector import containers, providers

from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.application.use_cases.sessions.clear_messages import ClearMessages
from movie_analyst.application.use_cases.sessions.create_session import CreateSession
from movie_analyst.application.use_cases.sessions.delete_session import DeleteSession
from movie_analyst.application.use_cases.sessions.export_session import ExportSession
from movie_analyst.application.use_cases.sessions.get_session import GetSession
from movie_analyst.application.use_cases.sessions.import_session import ImportSession
from movie_analyst.application.use_cases.sessions.list_messages import ListMessages
from movie_analyst.application.use_cases.sessions.list_sessions import ListSessions
from movie_analyst.application.use_cases.sessions.rename_session import RenameSession
from movie_analyst.application.use_cases.sessions.search_chats import SearchChats
from movie_analyst.application.use_cases.sessions.set_feedback import SetFeedback
from movie_analyst.entrypoints.settings import Settings


def _database_path(settings: Settings) -> str:
    return settings.database_path


class StorageContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    database_path = providers.Callable(_database_path, settings)
    # Opened and migrated in the app lifespan (it is Managed), never at import or build time.
    repository = providers.Singleton(SqliteChatRepository, database_path)

    create_session = providers.Factory(CreateSession, repository=repository)
    get_session = providers.Factory(GetSession, repository=repository)
    rename_session = providers.Factory(RenameSession, repository=repository)
    delete_session = providers.Factory(DeleteSession, repository=repository)
    list_sessions = providers.Factory(ListSessions, repository=repository)
    list_messages = providers.Factory(ListMessages, repository=repository)
    clear_messages = providers.Factory(ClearMessages, repository=repository)
    set_feedback = providers.Factory(SetFeedback, repository=repository)
    export_session = providers.Factory(ExportSession, repository=repository)
    import_session = providers.Factory(ImportSession, repository=repository)
    search_chats = providers.Factory(SearchChats, repository=repository)

    managed = providers.List(repository)
