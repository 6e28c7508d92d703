-- 0014_address_words: the word index of address search (sqlstore/words.go).
-- For each address, one row per later word of its search key: the rest of
-- the key from that word on ("alten markt 5", "markt 5", "5" for "am alten
-- markt 5"). A search for a later word is a range scan of the primary key;
-- COLLATE "C" makes its comparisons bytewise, as the search key's.
-- The backfill splits the keys as sqlstore.SearchWords does: the rest after
-- each space.
CREATE TABLE address_words (
	word       text COLLATE "C" NOT NULL,
	search_key text COLLATE "C" NOT NULL,
	address_id bigint NOT NULL REFERENCES addresses (id) ON DELETE CASCADE,
	PRIMARY KEY (word, search_key, address_id)
);

CREATE INDEX address_words_address ON address_words (address_id);

INSERT INTO address_words (word, search_key, address_id)
SELECT array_to_string(p.parts[i:], ' '), a.search_key, a.id
FROM addresses a
CROSS JOIN LATERAL (SELECT string_to_array(a.search_key, ' ') AS parts) p
CROSS JOIN LATERAL generate_series(2, cardinality(p.parts)) i;
ANALYZE address_words;

-- The prefix search's index becomes one in the column's collation "C"
-- (bytewise) on (search_key, id): it serves the range and the ORDER BY
-- search_key, id, so that LIMIT stops after the rows returned. The
-- text_pattern_ops index served only the range, and a frequent prefix
-- ("hauptstr 12": 5,000 of 3 million) sorted all its matches first.
DROP INDEX addresses_search_key;
CREATE INDEX addresses_search_key ON addresses (search_key, id);
