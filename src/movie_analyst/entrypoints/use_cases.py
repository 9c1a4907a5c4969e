"""The use cases, each built from the ports `entrypoints/container.py` binds.

`Container.use_cases` passes the ports in; a use case on existing ports is one line here. A use
case needing a new port: bind the port in the container, declare it below, pass it through.
"""

from dependency_injector import containers, providers

from movie_analyst.adapters.redis_run_owners import RedisRunOwners
from movie_analyst.application.ports.agent import Agent
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.conversation_index import ConversationIndex
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.ports.task_runner import TaskRunner
from movie_analyst.application.ports.usage_limits import UsageLimits
from movie_analyst.application.use_cases.conversations.ask_analyst import AskAnalyst
from movie_analyst.application.use_cases.conversations.continue_conversation import (
    ContinueConversation,
)
from movie_analyst.application.use_cases.models.list_models import ListModels
from movie_analyst.application.use_cases.runs.cancel_run import CancelRun
from movie_analyst.application.use_cases.runs.cancel_session import CancelSession
from movie_analyst.application.use_cases.runs.chat import Chat
from movie_analyst.application.use_cases.runs.execute_run import ExecuteRun
from movie_analyst.application.use_cases.runs.follow_run import FollowRun
from movie_analyst.application.use_cases.runs.get_run_status import GetRunStatus
from movie_analyst.application.use_cases.runs.get_session_status import GetSessionStatus
from movie_analyst.application.use_cases.runs.hydrate_memory import HydrateMemory
from movie_analyst.application.use_cases.runs.recover_interrupted_runs import (
    RecoverInterruptedRuns,
)
from movie_analyst.application.use_cases.runs.recover_orphaned_run import RecoverOrphanedRun
from movie_analyst.application.use_cases.runs.resume_queued_run import ResumeQueuedRun
from movie_analyst.application.use_cases.runs.submit_message import SubmitMessage
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
from movie_analyst.application.use_cases.tools.call_media_tool import CallMediaTool
from movie_analyst.entrypoints.choices import (
    default_model_of,
    import_limits_of,
    new_run_id,
    startup_resume_of,
    still_running_of,
    utc_now,
)
from movie_analyst.entrypoints.settings import Settings


class UseCases(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    chat_repository: providers.Dependency[ChatRepository] = providers.Dependency()
    llm_gateway: providers.Dependency[LLMGateway] = providers.Dependency()
    run_event_log: providers.Dependency[RunEventLog] = providers.Dependency()
    task_runner: providers.Dependency[TaskRunner] = providers.Dependency()
    session_runs: providers.Dependency[SessionRunRegistry] = providers.Dependency()
    run_owners: providers.Dependency[RedisRunOwners | None] = providers.Dependency()
    usage_limits: providers.Dependency[UsageLimits | None] = providers.Dependency()
    agent: providers.Dependency[Agent] = providers.Dependency()
    conversation_index: providers.Dependency[ConversationIndex] = providers.Dependency()
    media_catalog: providers.Dependency[MediaCatalog] = providers.Dependency()

    hydrate_memory = providers.Singleton(
        HydrateMemory,
        repository=chat_repository,
        token_limit=settings.provided.agent_memory_token_limit,
    )
    execute_run = providers.Singleton(
        ExecuteRun,
        repository=chat_repository,
        agent=agent,
        events=run_event_log,
        sessions=session_runs,
        hydrate=hydrate_memory,
        timeout_seconds=settings.provided.agent_timeout_seconds,
        clock=providers.Object(utc_now),
        limits=usage_limits,
    )
    submit_message = providers.Singleton(
        SubmitMessage,
        repository=chat_repository,
        runner=task_runner,
        events=run_event_log,
        execute_run=execute_run,
        sessions=session_runs,
        policy=settings.provided.concurrent_message_policy,
        default_model=providers.Callable(default_model_of, llm_gateway),
        new_id=providers.Object(new_run_id),
        clock=providers.Object(utc_now),
    )
    follow_run = providers.Singleton(FollowRun, repository=chat_repository, events=run_event_log)
    chat = providers.Singleton(Chat, submit=submit_message, follow=follow_run, limits=usage_limits)
    get_run_status = providers.Singleton(GetRunStatus, repository=chat_repository)
    get_session_status = providers.Singleton(
        GetSessionStatus, repository=chat_repository, sessions=session_runs
    )
    cancel_run = providers.Singleton(CancelRun, repository=chat_repository, runner=task_runner)
    cancel_session = providers.Singleton(
        CancelSession, runner=task_runner, sessions=session_runs, repository=chat_repository
    )
    resume_queued_run = providers.Singleton(
        ResumeQueuedRun,
        events=run_event_log,
        runner=task_runner,
        sessions=session_runs,
        execute_run=execute_run,
    )
    recover_interrupted_runs = providers.Singleton(
        RecoverInterruptedRuns,
        repository=chat_repository,
        clock=providers.Object(utc_now),
        still_running=providers.Callable(still_running_of, run_owners),
        resume=providers.Callable(startup_resume_of, run_owners, resume_queued_run),
    )
    recover_orphaned_run = providers.Singleton(
        RecoverOrphanedRun,
        repository=chat_repository,
        events=run_event_log,
        sessions=session_runs,
        resume=resume_queued_run,
        clock=providers.Object(utc_now),
    )
    list_models = providers.Singleton(ListModels, gateway=llm_gateway)

    create_session = providers.Factory(CreateSession, repository=chat_repository)
    get_session = providers.Factory(GetSession, repository=chat_repository)
    rename_session = providers.Factory(RenameSession, repository=chat_repository)
    delete_session = providers.Factory(
        DeleteSession, repository=chat_repository, sessions=session_runs, stop=cancel_session
    )
    list_sessions = providers.Factory(ListSessions, repository=chat_repository)
    list_messages = providers.Factory(ListMessages, repository=chat_repository)
    clear_messages = providers.Factory(
        ClearMessages, repository=chat_repository, sessions=session_runs, stop=cancel_session
    )
    set_feedback = providers.Factory(SetFeedback, repository=chat_repository)
    export_session = providers.Factory(ExportSession, repository=chat_repository)
    import_session = providers.Factory(
        ImportSession,
        repository=chat_repository,
        limits=providers.Callable(import_limits_of, settings),
    )
    search_chats = providers.Factory(SearchChats, repository=chat_repository)
    continue_conversation = providers.Singleton(
        ContinueConversation,
        repository=chat_repository,
        index=conversation_index,
        submit=submit_message,
        follow=follow_run,
        cancel=cancel_run,
        import_session=import_session,
        clock=providers.Object(utc_now),
        limits=usage_limits,
    )
    ask_analyst = providers.Singleton(AskAnalyst, conversation=continue_conversation)
    call_media_tool = providers.Singleton(
        CallMediaTool,
        catalog=media_catalog,
        default_region=settings.provided.default_region,
    )
