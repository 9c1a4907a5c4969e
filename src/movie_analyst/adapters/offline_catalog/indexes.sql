-- Created after the bulk load: building an index once is faster than keeping it up to date.
CREATE INDEX films_imdb ON films (imdb_id);
CREATE INDEX films_year ON films (year);
CREATE INDEX films_weighted ON films (weighted DESC);
CREATE INDEX films_popularity ON films (vote_count DESC);
CREATE INDEX films_released ON films (released);
CREATE INDEX films_box_office ON films (box_office);
CREATE INDEX films_runtime ON films (runtime);
CREATE INDEX films_folded ON films (folded_title);
CREATE INDEX film_genres_best ON film_genres (genre_id, weighted DESC);
CREATE INDEX film_genres_film ON film_genres (film_id);
CREATE INDEX people_folded ON people (folded_name);
CREATE UNIQUE INDEX credits_film ON credits (film_id, role, position);
CREATE INDEX credits_person ON credits (person_id, role, film_id);
-- Covers every discover filter, so counting the matches scans this index, not the table.
CREATE INDEX films_filter ON films (genre_mask, year, vote_average, vote_count, runtime, language);
