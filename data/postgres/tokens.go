package postgres

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

var (
	_ campaigns.TokenStore = (*Store)(nil)
)

// Unique constraints of api_tokens.
const (
	tokensNameKey = "api_tokens_name_fold_key"
	tokensHashKey = "api_tokens_token_hash_key"
)

const tokenCols = `id, name, campaign_id, token_hash, created_at, created_by, last_used, revoked_at`

func scanToken(r pgx.Row) (campaigns.APIToken, error) {
	var t campaigns.APIToken
	var used, revoked *time.Time
	if err := r.Scan(&t.ID, &t.Name, &t.CampaignID, &t.Hash, &t.CreatedAt, &t.CreatedBy, &used, &revoked); err != nil {
		return t, err
	}
	t.CreatedAt = t.CreatedAt.UTC()
	if used != nil {
		t.LastUsed = used.UTC()
	}
	if revoked != nil {
		t.RevokedAt = revoked.UTC()
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
	err := s.pool.QueryRow(ctx, `INSERT INTO api_tokens (name, name_fold, campaign_id, token_hash, created_at, created_by)
		SELECT $1, $2, c.id, $4, $5, $6 FROM campaigns c WHERE c.id = $3 RETURNING id`,
		name, nameFold(name), t.CampaignID, t.Hash, ts(t.CreatedAt), t.CreatedBy).Scan(&id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, geo.Errorf(geo.ENOTFOUND, "Kampagne %d nicht gefunden", t.CampaignID)
	case isUnique(err, tokensNameKey):
		return 0, geo.Errorf(geo.ECONFLICT, "es gibt schon ein Token %q (auch widerrufene Namen bleiben vergeben)", name)
	case isUnique(err, tokensHashKey):
		return 0, geo.Errorf(geo.ECONFLICT, "Token %s: dieses Geheimnis ist schon vergeben", name)
	case err != nil:
		return 0, stmtErr(ctx, err, "insert token %q", name)
	}
	return id, nil
}

// Tokens implements campaigns.TokenStore.
func (s *Store) Tokens(ctx context.Context) ([]campaigns.APIToken, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+tokenCols+` FROM api_tokens ORDER BY name_fold`)
	if err != nil {
		return nil, stmtErr(ctx, err, "list tokens")
	}
	defer rows.Close()
	var out []campaigns.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, stmtErr(ctx, err, "read token")
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, stmtErr(ctx, err, "list tokens")
	}
	return out, nil
}

// UseToken implements campaigns.TokenStore.
func (s *Store) UseToken(ctx context.Context, hash []byte, at time.Time) (campaigns.APIToken, error) {
	t, err := scanToken(s.pool.QueryRow(ctx, `UPDATE api_tokens SET last_used = GREATEST(COALESCE(last_used, $2), $2)
		WHERE token_hash = $1 AND revoked_at IS NULL RETURNING `+tokenCols, hash, ts(at)))
	if errors.Is(err, pgx.ErrNoRows) {
		return campaigns.APIToken{}, geo.Errorf(geo.ENOTFOUND, "unbekanntes oder widerrufenes Token")
	}
	if err != nil {
		return campaigns.APIToken{}, stmtErr(ctx, err, "use token")
	}
	return t, nil
}

// RevokeToken implements campaigns.TokenStore.
func (s *Store) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	var n int64
	err := s.pool.QueryRow(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING id`, id, ts(at)).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return geo.Errorf(geo.ENOTFOUND, "Token %d nicht gefunden", id)
	}
	if err != nil {
		return stmtErr(ctx, err, "revoke token")
	}
	return nil
}
