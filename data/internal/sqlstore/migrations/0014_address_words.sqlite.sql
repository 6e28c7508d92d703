-- 0014_address_words: the word index of address search (sqlstore/words.go).
-- For each address, one row per later word of its search key: the rest of
-- the key from that word on ("alten markt 5", "markt 5", "5" for "am alten
-- markt 5"). A search for a later word is a range scan of the primary key.
-- The backfill splits the keys as sqlstore.SearchWords does: the rest after
-- each space.
CREATE TABLE address_words (
	word       TEXT    NOT NULL,
	search_key TEXT    NOT NULL,
	address_id INTEGER NOT NULL REFERENCES addresses (id) ON DELETE CASCADE,
	PRIMARY KEY (word, search_key, address_id)
) WITHOUT ROWID;

CREATE INDEX address_words_address ON address_words (address_id);

INSERT INTO address_words (word, search_key, address_id)
WITH RECURSIVE w (id, key, rest) AS (
	SELECT id, search_key, substr(search_key, instr(search_key, ' ') + 1)
	FROM addresses WHERE instr(search_key, ' ') > 0
	UNION ALL
	SELECT id, key, substr(rest, instr(rest, ' ') + 1) FROM w WHERE instr(rest, ' ') > 0
)
SELECT rest, key, id FROM w ORDER BY rest, key, id;
