"""The analyst's one decision per model call: the next ReAct step for the prompt it was given.

Deterministic: the same prompt always gives the same text. Each call re-reads the transcript,
re-runs the plan for the question from the top against the observations so far (`Tape`), and
renders either the next "Action" or the final "Answer" in the format llama-index's
ReActOutputParser reads.
"""

import logging
import re
from collections.abc import Callable

import msgspec

from movie_analyst.adapters.offline_analyst import (
    plans_awards,
    plans_extra,
    plans_lists,
    plans_lookup,
    plans_similar,
    plans_titles,
)
from movie_analyst.adapters.offline_analyst.intent import Intent
from movie_analyst.adapters.offline_analyst.references import understand
from movie_analyst.adapters.offline_analyst.tape import Finish, NeedTool, Tape
from movie_analyst.adapters.offline_analyst.transcript import read_transcript
from movie_analyst.domain.llm import ChatTurn

logger = logging.getLogger(__name__)

ANSWER_THOUGHT = "I can answer without using any more tools. I'll use the user's language to answer"
_KEYWORDS = re.compile(r"(Thought|Action Input|Action|Answer|Observation):")

Plan = Callable[[Tape, Intent, list[str]], str]
_PLANS: dict[str, Plan] = {
    "help": lambda t, i, g: plans_lookup.THANKS if i.title == "thanks" else plans_lookup.HELP,
    "injection": lambda t, i, g: plans_lookup.INJECTION,
    "director": lambda t, i, g: plans_titles.director(t, i),
    "writers": lambda t, i, g: plans_titles.writers(t, i),
    "cast": lambda t, i, g: plans_titles.cast(t, i),
    "is_in": lambda t, i, g: plans_titles.is_in(t, i),
    "directed_check": lambda t, i, g: plans_titles.directed_check(t, i),
    "details": lambda t, i, g: plans_titles.details(t, i),
    "compare": lambda t, i, g: plans_titles.compare(t, i),
    "similar": lambda t, i, g: plans_similar.similar(t, i),
    "director_and_more": lambda t, i, g: plans_lookup.director_and_more(t, i),
    "where_to_watch": lambda t, i, g: plans_extra.where_to_watch(t, i),
    "filmography": lambda t, i, g: plans_lists.filmography(t, i),
    "count": lambda t, i, g: plans_lists.count(t, i),
    "top_rated": plans_lists.top_rated,
    "most_oscars": lambda t, i, g: plans_awards.most_oscars(t, i),
    "live": lambda t, i, g: plans_lists.live(t, i),
    "person": lambda t, i, g: plans_lookup.person(t, i),
    "lookup": lambda t, i, g: plans_lookup.lookup(t, i),
    "next_episode": lambda t, i, g: plans_extra.next_episode(t, i),
    "videos": lambda t, i, g: plans_extra.videos(t, i),
    "reviews": lambda t, i, g: plans_extra.reviews(t, i),
    "release_dates": lambda t, i, g: plans_extra.release_dates(t, i),
    "popular": lambda t, i, g: plans_extra.popular(t, i),
    "genre_list": lambda t, i, g: plans_extra.genre_list(t, i),
}


def next_step(messages: list[ChatTurn], known_genres: list[str]) -> str:
    """The ReAct text for this prompt: "Thought/Action/Action Input" or "Thought/Answer"."""
    transcript = read_transcript(messages)
    intent = understand(transcript.question, transcript.history)
    tape = Tape(transcript.steps, transcript.tools, transcript.header)
    try:
        answer = _PLANS[intent.name](tape, intent, known_genres)
    except NeedTool as need:
        return render_action(need.thought, need.tool, need.arguments)
    except Finish as finish:
        return render_answer(finish.answer, finish.thought)
    except Exception:  # a plan bug must not break the run: say so plainly instead
        logger.exception("offline analyst plan %s failed", intent.name)
        answer = "Sorry, I couldn't work that out from the catalog's answers. Could you rephrase?"
    return render_answer(answer)


def render_action(thought: str, tool: str, args: dict[str, object]) -> str:
    payload = msgspec.json.encode({k: v for k, v in args.items() if v is not None}).decode()
    return f"Thought: {_safe(thought)}\nAction: {tool}\nAction Input: {payload}"


def render_answer(answer: str, thought: str = ANSWER_THOUGHT) -> str:
    return f"Thought: {_safe(thought)}\nAnswer: {answer.strip()}"


def _safe(thought: str) -> str:
    # User words quoted in a thought must not read as a protocol keyword to the parser.
    return _KEYWORDS.sub(r"\1 -", " ".join(thought.split()))
