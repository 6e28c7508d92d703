package sqlstore

import (
	"context"
	"errors"
	"strings"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// TokenStore implements campaigns.TokenStore over a Dialect.
type TokenStore struct {
	D Dialect
}

var _ campaigns.TokenStore = TokenStore{}

const tokenCols = `id, name, campaign_id, token_hash, created_at, created_by, last_used, revoked_at`

func scanToken(r interface{ Scan(...any) error }) (campaigns.APIToken, error) {
	var t campaigns.APIToken
	err := r.Scan(&t.ID, &t.Name, &t.CampaignID, &t.Hash, Time{&t.CreatedAt}, &t.CreatedBy, Time{&t.LastUsed}, Time{&t.RevokedAt})
	return t, err
}

// CreateToken implements campaigns.TokenStore.
func (s TokenStore) CreateToken(ctx context.Context, t campaigns.APIToken) (int64, error) {
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
	err := s.D.WriteTx(ctx, func(q Querier) error {
		err := q.QueryRow(ctx, `INSERT INTO api_tokens (name, name_fold, campaign_id, token_hash, created_at, created_by)
			SELECT $1, $2, c.id, $4, $5, $6 FROM campaigns c WHERE c.id = $3 RETURNING id`,
			name, NameFold(name), t.CampaignID, t.Hash, s.D.Time(t.CreatedAt), t.CreatedBy).Scan(&id)
		switch {
		case errors.Is(err, ErrNoRows):
			return geo.Errorf(geo.ENOTFOUND, "Kampagne %d nicht gefunden", t.CampaignID)
		case s.D.IsUnique(err, "api_tokens.name_fold"):
			return geo.Errorf(geo.ECONFLICT, "es gibt schon ein Token %q (auch widerrufene Namen bleiben vergeben)", name)
		case s.D.IsUnique(err, "api_tokens.token_hash"):
			return geo.Errorf(geo.ECONFLICT, "Token %s: dieses Geheimnis ist schon vergeben", name)
		case err != nil:
			return s.D.Err(ctx, err, "insert token %q", name)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// Tokens implements campaigns.TokenStore.
func (s TokenStore) Tokens(ctx context.Context) ([]campaigns.APIToken, error) {
	return queryAll(ctx, s.D, s.D.Pool(), "list tokens", func(r Rows) (campaigns.APIToken, error) { return scanToken(r) },
		`SELECT `+tokenCols+` FROM api_tokens ORDER BY name_fold`)
}

// UseToken implements campaigns.TokenStore.
func (s TokenStore) UseToken(ctx context.Context, hash []byte, at time.Time) (campaigns.APIToken, error) {
	var t campaigns.APIToken
	err := s.D.WriteTx(ctx, func(q Querier) error {
		var err error
		// last_used only moves forward: another instance may have used the
		// token later.
		t, err = scanToken(q.QueryRow(ctx, `UPDATE api_tokens
			SET last_used = CASE WHEN last_used IS NULL OR last_used < $2 THEN $2 ELSE last_used END
			WHERE token_hash = $1 AND revoked_at IS NULL RETURNING `+tokenCols, hash, s.D.Time(at)))
		if errors.Is(err, ErrNoRows) {
			return geo.Errorf(geo.ENOTFOUND, "unbekanntes oder widerrufenes Token")
		}
		if err != nil {
			return s.D.Err(ctx, err, "use token")
		}
		return nil
	})
	if err != nil {
		return campaigns.APIToken{}, err
	}
	return t, nil
}

// RevokeToken implements campaigns.TokenStore. Revoking a revoked token
// keeps the first revocation's time.
func (s TokenStore) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	return s.D.WriteTx(ctx, func(q Querier) error {
		var n int64
		err := q.QueryRow(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING id`,
			id, s.D.Time(at)).Scan(&n)
		if errors.Is(err, ErrNoRows) {
			return geo.Errorf(geo.ENOTFOUND, "Token %d nicht gefunden", id)
		}
		if err != nil {
			return s.D.Err(ctx, err, "revoke token")
		}
		return nil
	})
}
