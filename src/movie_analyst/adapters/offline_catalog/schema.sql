-- The offline catalog, imported once from the bundled film table. Read-only after import.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE films (
    id INTEGER PRIMARY KEY,           -- the source row id, stable across re-imports
    imdb_id TEXT,
    title TEXT NOT NULL,
    folded_title TEXT NOT NULL,       -- lowercase, no accents, no punctuation
    year INTEGER,
    released TEXT,
    runtime INTEGER,
    certification TEXT,               -- MPAA
    language TEXT,                    -- ISO 639-1 of the first language, when known
    languages TEXT,
    countries TEXT,
    genres TEXT NOT NULL DEFAULT '',  -- display copy of film_genres, ", "-joined
    genre_mask INTEGER NOT NULL DEFAULT 0,  -- bit (1 << genres.id) per genre, for discover
    rt_rating REAL,                   -- Rotten Tomatoes critics' average, 0-10
    rt_meter INTEGER,                 -- Rotten Tomatoes % of positive reviews
    rt_reviews INTEGER,               -- number of critics' reviews counted by Rotten Tomatoes
    metacritic INTEGER,               -- 0-100
    vote_average REAL,                -- 0-10, see importer.vote_average
    vote_count INTEGER,
    weighted REAL,                    -- Bayesian average of vote_average by vote_count
    oscars INTEGER NOT NULL DEFAULT 0,
    awards TEXT,
    box_office INTEGER,
    production TEXT
);

CREATE TABLE genres (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE film_genres (
    genre_id INTEGER NOT NULL REFERENCES genres (id),
    weighted REAL,                    -- copied from films so "best of a genre" is an index scan
    film_id INTEGER NOT NULL REFERENCES films (id),
    PRIMARY KEY (genre_id, film_id)
) WITHOUT ROWID;

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    folded_name TEXT NOT NULL,
    film_count INTEGER NOT NULL DEFAULT 0
);

-- Cast order is the source's alphabetical order, not billing: `position` only keeps it stable.
CREATE TABLE credits (
    film_id INTEGER NOT NULL REFERENCES films (id),
    role TEXT NOT NULL CHECK (role IN ('director', 'writer', 'cast')),
    position INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people (id)
);

CREATE VIRTUAL TABLE films_fts USING fts5 (
    folded_title, content = 'films', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE films_tri USING fts5 (
    folded_title, content = 'films', content_rowid = 'id', tokenize = 'trigram'
);
CREATE VIRTUAL TABLE people_fts USING fts5 (
    folded_name, content = 'people', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE people_tri USING fts5 (
    folded_name, content = 'people', content_rowid = 'id', tokenize = 'trigram'
);

-- Document frequency of each trigram (films_tri / people_tri), so fuzzy search asks for rare ones.
CREATE TABLE grams (
    source TEXT NOT NULL,
    term TEXT NOT NULL,
    docs INTEGER NOT NULL,
    PRIMARY KEY (source, term)
) WITHOUT ROWID;
