package sqlstore

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gigaplan/geo"
)

// AddressStore implements the address lookups of geo.Store and
// campaigns.Store over a Dialect: Address, SearchAddresses and
// AddressesOutside. Imports and the streamed reads (Addresses, Points),
// with their bulk and cancellation paths, stay in the adapters; they scan
// AddressCols with ScanAddress.
type AddressStore struct {
	D Dialect
}

// AddressCols are the columns ScanAddress reads, in order, of the
// addresses table as a.
const AddressCols = `a.id, a.key, a.oi, a.ags, a.street_key, a.street, a.house_number, a.suffix,
	a.postcode, a.city, a.locality, a.lon, a.lat, a.households, a.businesses, a.type,
	a.quality, a.placeholder, a.source, a.src_crs, a.src_x, a.src_y`

// AddressImportCols are the columns an address import writes, in the
// order of AddressRow's values.
var AddressImportCols = []string{"key", "oi", "ags", "street_key", "street", "house_number", "suffix",
	"postcode", "city", "locality", "lon", "lat", "households", "businesses", "type", "quality",
	"placeholder", "source", "search_key", "src_crs", "src_x", "src_y"}

// AddressUpsert is the ON CONFLICT clause of an address import: an
// address already stored under the key takes every imported column.
var AddressUpsert = func() string {
	set := make([]string, 0, len(AddressImportCols)-1)
	for _, c := range AddressImportCols[1:] {
		set = append(set, c+" = excluded."+c)
	}
	return "ON CONFLICT (key) DO UPDATE SET " + strings.Join(set, ", ")
}()

// AddressRow sets row to a's values for AddressImportCols (AppendAddress
// to row[:0]).
func AddressRow(row []any, a geo.Address) ([]any, error) { return AppendAddress(row[:0], a) }

// AppendAddress appends a's values for AddressImportCols to row. An empty
// Type is stored as private; an empty key or an unknown type is EINVALID.
// Integers are int64, which database/sql passes on without conversion.
func AppendAddress(row []any, a geo.Address) ([]any, error) {
	if strings.TrimSpace(a.Key) == "" {
		return nil, geo.Errorf(geo.EINVALID, "Adresse „%s“: Schlüssel fehlt", a.Label())
	}
	if a.Type == "" {
		a.Type = geo.TypePrivate
	}
	if !slices.Contains(geo.AddressTypes, a.Type) {
		return nil, geo.Errorf(geo.EINVALID, "Adresse %s: unbekannte Art „%s“", a.Key, a.Type)
	}
	return append(row, a.Key, a.OI, a.AGS, a.StreetKey, a.Street, a.HouseNumber, a.Suffix,
		a.Postcode, a.City, a.Locality, a.Lon, a.Lat, int64(a.Households), int64(a.Businesses), string(a.Type),
		a.Quality, a.Placeholder, a.Source, geo.SearchKey(a), int64(a.SrcCRS), a.SrcX, a.SrcY), nil
}

// briefAddressCols are the columns of a brief read (geo.AddressFilter.Brief),
// scanned by scanBriefAddress.
const briefAddressCols = `a.id, a.street, a.house_number, a.suffix, a.lon, a.lat`

func scanBriefAddress(r interface{ Scan(...any) error }) (geo.Address, error) {
	var a geo.Address
	err := r.Scan(&a.ID, &a.Street, &a.HouseNumber, &a.Suffix, &a.Lon, &a.Lat)
	return a, err
}

// ScanAddress scans one row of AddressCols.
func ScanAddress(r interface{ Scan(...any) error }) (geo.Address, error) {
	var a geo.Address
	var typ string
	var crs int64
	err := r.Scan(&a.ID, &a.Key, &a.OI, &a.AGS, &a.StreetKey, &a.Street, &a.HouseNumber, &a.Suffix,
		&a.Postcode, &a.City, &a.Locality, &a.Lon, &a.Lat, &a.Households, &a.Businesses, &typ,
		&a.Quality, &a.Placeholder, &a.Source, &crs, &a.SrcX, &a.SrcY)
	a.Type, a.SrcCRS = geo.AddressType(typ), geo.CRS(crs)
	return a, err
}

func appendAddresses(out []geo.Address, rows Rows) ([]geo.Address, error) {
	defer rows.Close()
	for rows.Next() {
		a, err := ScanAddress(rows)
		if err != nil {
			return out, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Address returns one address; ENOTFOUND if there is none.
func (s AddressStore) Address(ctx context.Context, id int64) (geo.Address, error) {
	a, err := ScanAddress(s.D.Pool().QueryRow(ctx, `SELECT `+AddressCols+` FROM addresses a WHERE a.id = $1`, id))
	if errors.Is(err, ErrNoRows) {
		return geo.Address{}, geo.Errorf(geo.ENOTFOUND, "Adresse %d nicht gefunden", id)
	}
	if err != nil {
		return geo.Address{}, s.D.Err(ctx, err, "address %d", id)
	}
	return a, nil
}

// DefaultSearchLimit is the number of results SearchAddresses returns when
// asked for limit <= 0.
const DefaultSearchLimit = 20

// SearchAddresses finds addresses by geo.NormalizeSearch(q): first those
// whose search key starts with it, ordered by search key, then ID (a range
// scan of the search key's index, compared bytewise: Dialect.PrefixOps);
// then, if fewer than limit, those with a later word starting with it
// ("12a" finds every "… 12a", "markt" finds "am alten markt 5"), ordered
// by that word (the rest of the search key from there, see SearchWords),
// then search key, then ID: a range scan of address_words. Both parts
// cost O(log n) plus the rows they return. An empty query finds nothing.
func (s AddressStore) SearchAddresses(ctx context.Context, q string, limit int) ([]geo.Address, error) {
	return s.SearchAddressesIn(ctx, 0, q, limit)
}

// SearchAddressesIn implements geo.Store.
func (s AddressStore) SearchAddressesIn(ctx context.Context, municipality int64, q string, limit int) ([]geo.Address, error) {
	key := geo.NormalizeSearch(q)
	if key == "" {
		return []geo.Address{}, nil
	}
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	ge, lt := s.D.PrefixOps()
	upper := PrefixUpper(key)
	out := []geo.Address{}
	rows, err := s.D.Pool().Query(ctx, `SELECT `+AddressCols+` FROM addresses a
		WHERE a.search_key `+ge+` $1 AND a.search_key `+lt+` $2 AND `+inMunicipality("$4")+`
		ORDER BY a.search_key, a.id LIMIT $3`, key, upper, limit, municipality)
	if err != nil {
		return nil, s.D.Err(ctx, err, "search addresses %q", q)
	}
	if out, err = appendAddresses(out, rows); err != nil {
		return nil, s.D.Err(ctx, err, "search addresses %q", q)
	}
	if len(out) >= limit {
		return out, nil
	}
	if out, err = s.searchWords(ctx, out, municipality, key, limit); err != nil {
		return nil, s.D.Err(ctx, err, "search addresses %q", q)
	}
	return out, nil
}

// inMunicipality keeps the addresses a of the municipality whose ID the
// placeholder n holds (all for 0).
func inMunicipality(n string) string {
	return `(CAST(` + n + ` AS bigint) = 0 OR EXISTS (SELECT 1 FROM assignments s WHERE s.address_id = a.id AND s.area_id = ` + n + `))`
}

// SearchWordsSQL is the query of a search's second part: the addresses
// with a word of address_words in the range [$1, $2), after the position
// ($5, $6, $7) of (word, search key, ID), whose search key does not start
// with the query (the first part found those), in the municipality $4, at
// most $3. The word's columns are bytewise ("C" in PostgreSQL, BINARY in
// SQLite), so plain comparisons range-scan the primary key.
var SearchWordsSQL = `SELECT w.word, w.search_key, ` + AddressCols + `
	FROM address_words w JOIN addresses a ON a.id = w.address_id
	WHERE w.word >= $1 AND w.word < $2 AND (w.word, w.search_key, w.address_id) > ($5, $6, $7)
	AND NOT (a.search_key >= $1 AND a.search_key < $2) AND ` + inMunicipality("$4") + `
	ORDER BY w.word, w.search_key, w.address_id LIMIT $3`

// searchWords appends the second part of a search to out until it holds
// limit addresses. An address with two words that match (the query "markt"
// and "am markt markt 5") is found twice by SearchWordsSQL: the second is
// skipped, and the scan goes on after it.
func (s AddressStore) searchWords(ctx context.Context, out []geo.Address, municipality int64, key string, limit int) ([]geo.Address, error) {
	upper := PrefixUpper(key)
	seen := map[int64]bool{}
	word, skey, id := key, "", int64(-1<<63)
	for len(out) < limit {
		want := limit - len(out)
		rows, err := s.D.Pool().Query(ctx, SearchWordsSQL, key, upper, want, municipality, word, skey, id)
		if err != nil {
			return out, err
		}
		n := 0
		for rows.Next() {
			a, err := ScanAddress(prefixScanner{rows, []any{&word, &skey}})
			if err != nil {
				rows.Close()
				return out, err
			}
			id = a.ID
			n++
			if !seen[a.ID] {
				seen[a.ID] = true
				out = append(out, a)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return out, err
		}
		if n < want {
			break
		}
	}
	return out, nil
}

// prefixScanner scans the columns dest, then those Scan is given.
type prefixScanner struct {
	r    interface{ Scan(...any) error }
	dest []any
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.r.Scan(append(p.dest[:len(p.dest):len(p.dest)], dest...)...)
}

// PrefixUpper returns the least valid UTF-8 string above every string with
// the prefix key (bytewise, which for UTF-8 is code point order): key with
// its last character raised by one.
func PrefixUpper(key string) string {
	r, size := utf8.DecodeLastRuneInString(key)
	r++
	if r >= 0xD800 && r <= 0xDFFF { // surrogates are not characters
		r = 0xE000
	}
	if r > utf8.MaxRune {
		if len(key) == size {
			return key // cannot happen for a search key; finds nothing
		}
		return PrefixUpper(key[:len(key)-size])
	}
	return key[:len(key)-size] + string(r)
}

// AddressesOutside implements campaigns.Store.
func (s AddressStore) AddressesOutside(ctx context.Context, a, b int64) ([]geo.Address, error) {
	rows, err := s.D.Pool().Query(ctx, `SELECT `+AddressCols+` FROM addresses a
		WHERE a.id IN (SELECT address_id FROM assignments WHERE area_id = $1)
		AND a.id NOT IN (SELECT address_id FROM assignments WHERE area_id = $2) ORDER BY a.search_key, a.id`, a, b)
	if err != nil {
		return nil, s.D.Err(ctx, err, "list addresses outside")
	}
	out, err := appendAddresses(nil, rows)
	if err != nil {
		return nil, s.D.Err(ctx, err, "list addresses outside")
	}
	return out, nil
}

// AddressesQuery is the query of geo.Store's Addresses for f, written
// with $n placeholders, and its arguments: the adapters stream its rows
// (ScanAddress) their own way.
func AddressesQuery(f geo.AddressFilter) (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.AreaID != 0 {
		where = append(where, `a.id IN (SELECT address_id FROM assignments WHERE area_id = `+arg(f.AreaID)+`)`)
	}
	if f.Unassigned {
		where = append(where, `NOT EXISTS (SELECT 1 FROM assignments s JOIN areas r ON r.id = s.area_id
			WHERE s.address_id = a.id AND r.kind = 'district')`)
	}
	cols := AddressCols
	if f.Brief {
		cols = briefAddressCols
	}
	q := `SELECT ` + cols + ` FROM addresses a`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	if f.ByStreet {
		q += ` ORDER BY a.postcode, a.search_key, a.id`
	} else {
		q += ` ORDER BY a.id`
	}
	if f.Limit > 0 {
		q += ` LIMIT ` + arg(f.Limit)
	}
	return q, args
}

// escapeLike escapes LIKE's wildcards with a backslash.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
