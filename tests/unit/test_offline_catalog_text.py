"""The offline catalog's text rules: folding, the source's name lists, FTS query strings."""

from movie_analyst.adapters.offline_catalog.text import fold, prefix_query, split_names, trigrams


def test_fold_drops_case_accents_and_punctuation() -> None:
    assert fold("Amélie!") == "amelie"
    assert fold("  Léon: The Professional ") == "leon the professional"
    assert fold("Ed Begley, Jr.") == "ed begley jr"


def test_names_keep_their_suffix_after_a_comma() -> None:
    field = "Bill Paxton, Ed Begley, Jr., Tom Woodruff Jr., Sammy Davis, Sr., Bill Paxton"
    assert split_names(field) == [
        "Bill Paxton",
        "Ed Begley, Jr.",
        "Tom Woodruff Jr.",
        "Sammy Davis, Sr.",
    ]
    assert split_names("") == [] and split_names(None) == []


def test_prefix_query_quotes_words_and_extends_only_a_real_prefix() -> None:
    assert prefix_query('Blade "Run') == '"blade" "run"*'
    assert prefix_query("Alien 3") == '"alien" "3"'
    assert prefix_query("?!") is None


def test_trigrams_skip_spaces() -> None:
    assert trigrams("ab cd") == []
    assert trigrams("alien") == ["ali", "ien", "lie"]
