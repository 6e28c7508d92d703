package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

var (
	_ campaigns.TokenStore = (*Store)(nil)
)

const tokenCols = `id, name, campaign_id, token_hash, created_at, created_by, last_used, revoked_at`

func scanToken(r scanner) (campaigns.APIToken, error) {
	var t campaigns.APIToken
	var created, used, revoked string
	if err := r.Scan(&t.ID, &t.Name, &t.CampaignID, &t.Hash, &created, &t.CreatedBy, &used, &revoked); err != nil {
		return t, err
	}
	t.CreatedAt = parseTS(created)
	if used != "" {
		t.LastUsed = parseTS(used)
	}
	if revoked != "" {
		t.RevokedAt = parseTS(revoked)
	}
	return t, nil
}

// CreateToken implements campaigns.TokenStore.
func (s *Store) CreateToken(ctx context.Context, t campaigns.APIToken) (int64, error) {
	name := strings.TrimSpace(t.Name)
	if name == "" {
		return 0, geo.Errorf(geo.EINVALID, "der Name des Tokens fehlt")
	}
	if len(t.Hash) == 0 {
		return 0, geo.Errorf(geo.EINVALID, "Token %s: kein Hash", name)
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now()
	}
	var id int64
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM campaigns WHERE id = ?`, t.CampaignID).Scan(&n); err != nil {
			return stmtErr(ctx, err, "check campaign")
		}
		if n == 0 {
			return geo.Errorf(geo.ENOTFOUND, "Kampagne %d nicht gefunden", t.CampaignID)
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM api_tokens WHERE name_fold = ?`, nameFold(name)).Scan(&n); err != nil {
			return stmtErr(ctx, err, "check token name")
		}
		if n > 0 {
			return geo.Errorf(geo.ECONFLICT, "es gibt schon ein Token %q (auch widerrufene Namen bleiben vergeben)", name)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (name, name_fold, campaign_id, token_hash, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?)`, name, nameFold(name), t.CampaignID, t.Hash, fmtTS(t.CreatedAt), t.CreatedBy)
		if err != nil {
			return stmtErr(ctx, err, "insert token %q", name)
		}
		id, err = res.LastInsertId()
		return wrapErrNil(err, "insert token")
	})
	return id, err
}

// Tokens implements campaigns.TokenStore.
func (s *Store) Tokens(ctx context.Context) ([]campaigns.APIToken, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+tokenCols+` FROM api_tokens ORDER BY name_fold`)
	if err != nil {
		return nil, wrapErr(err, "list tokens")
	}
	defer rows.Close()
	var out []campaigns.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, wrapErr(err, "read token")
		}
		out = append(out, t)
	}
	return out, wrapRowsErr(rows.Err())
}

// UseToken implements campaigns.TokenStore.
func (s *Store) UseToken(ctx context.Context, hash []byte, at time.Time) (campaigns.APIToken, error) {
	t, err := scanToken(s.db.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = ? AND revoked_at = ''`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return campaigns.APIToken{}, geo.Errorf(geo.ENOTFOUND, "unbekanntes oder widerrufenes Token")
	}
	if err != nil {
		return campaigns.APIToken{}, wrapErr(err, "read token")
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ? AND last_used < ?`, fmtTS(at), t.ID, fmtTS(at))
		return wrapErrNil(err, "touch token")
	})
	if err != nil {
		return campaigns.APIToken{}, err
	}
	if at.After(t.LastUsed) {
		t.LastUsed = parseTS(fmtTS(at))
	}
	return t, nil
}

// RevokeToken implements campaigns.TokenStore.
func (s *Store) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		var revoked string
		err := tx.QueryRowContext(ctx, `SELECT revoked_at FROM api_tokens WHERE id = ?`, id).Scan(&revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return geo.Errorf(geo.ENOTFOUND, "Token %d nicht gefunden", id)
		}
		if err != nil {
			return stmtErr(ctx, err, "read token")
		}
		if revoked != "" {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, fmtTS(at), id)
		return wrapErrNil(err, "revoke token")
	})
}
