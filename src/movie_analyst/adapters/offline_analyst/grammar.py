"""The words the parser understands, as data: cues for facts, rankings, references and chatter.

Each table maps a pattern (a regex over the lowercased question) to what it means. Patterns
tolerate common typos ("directd", "directer", "runtme").
"""

import re

from movie_analyst.adapters.offline_analyst.query import Field, Metric


def words(*lines: str) -> frozenset[str]:
    return frozenset(w for line in lines for w in line.split())


# Words that are never a title or a name on their own.
FUNCTION_WORDS = words(
    "a an the and or but of in on at to for from by with without about as is are was were be",
    "been being am do does did done has have had having it its it's this that these those",
    "them they their theirs he him his she her hers we us our you your i me my mine who whom",
    "whose what which when where why how there here than then so too very just also any some",
    "all each every no not yes one ones first second third last other else more most less",
    "least much many few can could would should will shall may might must let lets tell show",
    "give list find get got ok okay please thanks hey hi hello lol well like love liked watch",
    "watched see saw know think want need movie movies film films picture pictures flick",
    "flicks title titles best top good great about same both right",
)

# (pattern, field) for facts of one title.
FIELDS: tuple[tuple[str, Field], ...] = (
    (r"\bdirect\w*|\bdirecd\w*|\bdirt?ected\b|\bfilmmaker\b|\bwho made\b|\bhelmed\b", "director"),
    (r"\bwr[io]te\b|\bwriters?\b|\bwritten\b|\bscreen ?play\b|\bscript\b", "writers"),
    (r"\bwho(?:'s| is| was| are| were)? (?:in|starr?ing|stars?)\b|\bcast\b|\bactors?\b"
     r"|\bwho stars?\b|\bwho plays?\b|\bstarr?ing who\b|\bwho acted\b", "cast"),
    (r"\bhow long\b|\brun ?ti?me?\b|\brunning time\b|\bhow many minutes\b|\blength\b"
     r"|\bduration\b", "runtime"),
    (r"\bage rating\b|\bcertificat\w+|\bmpaa\b|\brated (?:r|pg|g|nc)\b|\bwhat is \S+(?: \S+)* "
     r"rated\b|\brated\s*$|\brated or\b|\bparental\b|\bsuitable for kids\b", "certification"),
    (r"\bbox[- ]?office\b|\bgross\w*|\bearn\w*|\brevenue\b|\btakings\b|\bhow much (?:money )?did"
     r"\b|\bmake at\b|\bmade at\b|\bmoney\b", "box_office"),
    (r"\boscars?\b|\bacademy awards?\b|\bawards?\b", "awards"),
    (r"\bwhen\b.*\b(?:release|come out|came out|out)\b|\brelease(?:d| date)\b|\bcome out\b"
     r"|\bcame out\b|\bwhat year\b|\bwhich year\b", "released"),
    (r"\bwhat (?:kind|genre|type)\b|\bgenres?\b", "genres"),
    (r"\brotten tomatoes\b|\bmetacritic\b|\bscores?\b|\bis \S+(?: \S+)* (?:any )?good\b"
     r"|\bworth (?:watching|it)\b", "scores"),
    (r"\bplot\b|\bsynopsis\b|\bstory(?:line)?\b|\bwhat(?:'s| is) \S+(?: \S+)* about\b", "plot"),
)  # fmt: skip

# (pattern, metric, ascending) for rankings and superlatives.
METRICS: tuple[tuple[str, Metric, bool], ...] = (
    (r"\blongest\b|\blongest-running\b", "runtime", False),
    (r"\bshortest\b", "runtime", True),
    (r"\boldest\b|\bearliest\b|\bfirst made\b", "year", True),
    (r"\bnewest\b|\blatest\b|\bmost recent\b|\bnewer one\b", "year", False),
    (r"\bmost money\b|\bhighest[- ]grossing\b|\bbiggest box office\b|\bgrossed the most\b"
     r"|\bearned the most\b|\bmade the most\b|\bbox office hits?\b|\bmost successful\b",
     "box_office", False),
    (r"\bmost oscars\b|\bmost academy awards\b", "oscars", False),
    (r"\bmost popular\b|\bbest[- ]known\b|\bmost famous\b|\bmost reviewed\b", "popularity", False),
    (r"\bworst\b|\blowest[- ]rated\b", "critics", True),
    (r"\blonger\b", "runtime", False),
    (r"\bshorter\b", "runtime", True),
    (r"\bolder\b|\bcame out first\b", "year", True),
    (r"\bnewer\b|\bmore recent\b", "year", False),
    (r"\bmore money\b|\b(?:grossed|earned|made) more\b|\bbigger box office\b", "box_office",
     False),
    (r"\bbest\b|\btop\b|\bhighest[- ]rated\b|\bgreatest\b|\bcritics?\b|\bcritically\b"
     r"|\bbest[- ]reviewed\b|\bhighest\b|\brate[sd]? highest\b|\bfinest\b|\bgood\b|\bbetter\b"
     r"|\bacclaimed\b|\bmust[- ]see\b", "critics", False),
)  # fmt: skip

COUNT = re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b|\bhow much (?:films|movies)\b")
COMPARE = re.compile(
    r"\bcompare\b|\bcomparison\b|\bvs\.?\b|\bversus\b|\bbetter than\b|\bworse than\b"
    r"|\blonger than\b|\bshorter than\b|\bwhich (?:one )?(?:is|was) (?:better|longer|shorter|"
    r"older|newer)\b|\bor\b.*\bwhich\b|\bwhich\b.*\bor\b|\bdo critics like more\b"
)
SIMILAR = re.compile(
    r"\b(?:movies?|films?|something|anything|titles?|more) (?:like|similar to)\b|\bsimilar\b"
    r"|\bwhat should i watch next\b|\bif i (?:liked|loved|enjoyed)\b|\blike \S+ but\b"
    r"|\bi (?:loved|liked|enjoyed)\b.*\b(?:next|recommend|suggest)\b"
)
PREVIOUS = re.compile(
    r"\b(?:of|among|from) (?:them|those|these|that list)\b|\bwhich (?:one|of them|of those)\b"
    r"|\bwhich (?:is|was) the\b|\bthe (?:newest|oldest|longest|shortest) one\b"
    r"|^(?:and )?(?:the )?(?:newest|oldest|longest|shortest|latest)(?: one)?\b"
)
ELSE = re.compile(r"\bwhat else\b|\bother (?:films|movies)\b|\banything else\b|\belse\b")
MEMBERSHIP = re.compile(r"^(?:is|was|does|did|has)\b|\bappears? in\b|\bright\b\s*$|\bin it\b")
PROFILE = re.compile(r"^(?:who is|who's|who was|tell me about|what about)\b")
INJECTION = re.compile(
    r"ignore (all |any |the )?(of )?(your |the )?(previous|prior|above|earlier|your|these)"
    r" (instructions|prompts?|rules)|disregard (all |the |your )?(previous |prior )?"
    r"(instructions|rules)|system prompt|you are now|jailbreak|developer mode"
    r"|reveal your (instructions|prompt)"
)
HELP = re.compile(
    r"^(hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening)|help|what can you do"
    r"|who are you|what are you|how do you work|what do you know)\b[\s!.?]*$|^(help|what can "
    r"you do|how do you work)\b"
)
THANKS = re.compile(r"^(thanks|thank you|thx|cheers|great,? thanks)\b")
LIVE: tuple[tuple[str, str], ...] = (
    (r"\btrending\b|\bright now\b|\bthis week\b|\btoday'?s? (?:most )?popular|\bpopular today"
     r"|\bwhat'?s hot\b|\bbuzzing\b", "trending"),
    (r"\bupcoming\b|\bcoming soon\b|\bcoming out\b|\bto be released\b|\bnext month\b"
     r"|\bnew releases\b", "upcoming"),
    (r"\bnow playing\b|\bin (?:the )?(?:theaters|theatres|cinemas?)\b|\bat the (?:cinema|movies)"
     r"|\b(?:showing|playing) (?:in|at)\b|\bthis weekend\b|\bplaying now\b", "now_playing"),
    (r"\bairing today\b|\bon tv (?:tonight|today)\b|\bairs? tonight\b|\btonight\b", "airing_today"),
    (r"\bon the air\b|\bcurrently airing\b|\bairing\b", "on_the_air"),
)  # fmt: skip
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a dozen": 12}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "5th": 5, "last": -1}  # fmt: skip

# Tools about one title, by the words that ask for them.
TITLE_TOOLS = (
    (r"\btrailers?\b|\bteasers?\b|\bclips?\b", "videos"),
    (r"\bnext episode\b|\bwhen (?:does|is) .* (?:air|on next)\b", "next_episode"),
    (r"\breviews? (?:of|for)\b|\bwhat did (?:critics|people|reviewers) (?:say|write)\b",
     "reviews"),
    (r"\brelease dates\b|\breleased in (?:each|which|what) countr", "release_dates"),
)
# A message's sentences, and the ones that ask something.
SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
ASKS = re.compile(r"\?\s*$|\b(?:who|what|which|when|where|how|list|show|tell|give|recommend"
                  r"|compare|name|find)\b|^\s*(?:is|was|did|does|can|could)\b")
