"""The FakeMediaCatalog's titles and people as the offline analyst's lexicon, so unit tests find
names in questions without the offline catalog file."""

from collections import Counter

from movie_analyst.adapters.offline_analyst.lexicon import Lexicon, from_names
from tests.fakes.media_catalog_data import CREDITS, ITEMS, PEOPLE


def fake_lexicon() -> Lexicon:
    counts = Counter(person for person, _, _ in CREDITS)
    titles = [(i.title, i.year, i.vote_count or 0) for i in ITEMS]
    return from_names(titles, [(name, max(2, counts[pid])) for pid, name in PEOPLE.items()])
