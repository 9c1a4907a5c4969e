"""The analyst's one decision per model call: the next ReAct step for the prompt it was given.

Deterministic: the same prompt always gives the same text. Each call re-reads the transcript,
re-runs the plan for the question from the top against the observations so far (`Tape`), and
renders either the next "Action" or the final "Answer" in the format llama-index's
ReActOutputParser reads.
"""

import logging
import re

import msgspec

from movie_analyst.adapters.offline_analyst import lexicon
from movie_analyst.adapters.offline_analyst.context import queries
from movie_analyst.adapters.offline_analyst.execute import answer
from movie_analyst.adapters.offline_analyst.lexicon import Lexicon
from movie_analyst.adapters.offline_analyst.tape import Finish, NeedTool, Tape
from movie_analyst.adapters.offline_analyst.transcript import read_transcript
from movie_analyst.domain.llm import ChatTurn

logger = logging.getLogger(__name__)

ANSWER_THOUGHT = "I can answer without using any more tools. I'll use the user's language to answer"
_KEYWORDS = re.compile(r"(Thought|Action Input|Action|Answer|Observation):")


def next_step(
    messages: list[ChatTurn], known_genres: list[str], names: Lexicon | None = None
) -> str:
    """The ReAct text for this prompt: "Thought/Action/Action Input" or "Thought/Answer".
    `names` finds titles and people in the text; by default the offline catalog's."""
    transcript = read_transcript(messages)
    asked = [e.question for e in transcript.history] + [transcript.question]
    parsed = queries(asked, names if names is not None else lexicon.load())
    tape = Tape(transcript.steps, transcript.tools, transcript.header)
    try:
        text = answer(tape, parsed[-1], parsed[:-1], known_genres).text
    except NeedTool as need:
        return render_action(need.thought, need.tool, need.arguments)
    except Finish as finish:
        return render_answer(finish.answer, finish.thought)
    except Exception:  # an executor bug must not break the run: say so plainly instead
        logger.exception("offline analyst failed on %s", parsed[-1].want)
        text = "Sorry, I couldn't work that out from the catalog's answers. Could you rephrase?"
    return render_answer(text)


def render_action(thought: str, tool: str, args: dict[str, object]) -> str:
    payload = msgspec.json.encode({k: v for k, v in args.items() if v is not None}).decode()
    return f"Thought: {_safe(thought)}\nAction: {tool}\nAction Input: {payload}"


def render_answer(answer: str, thought: str = ANSWER_THOUGHT) -> str:
    return f"Thought: {_safe(thought)}\nAnswer: {answer.strip()}"


def _safe(thought: str) -> str:
    # User words quoted in a thought must not read as a protocol keyword to the parser.
    return _KEYWORDS.sub(r"\1 -", " ".join(thought.split()))
