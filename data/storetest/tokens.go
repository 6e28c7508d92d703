package storetest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// TokenStore is a store of campaigns, users and API tokens whose users
// can be administered.
type TokenStore interface {
	Store
	campaigns.UserStore
	campaigns.TokenStore
	campaigns.UserAdmin
}

// RunTokens runs the API token and user administration part of the
// suite; each subtest gets its own store from open.
func RunTokens(t *testing.T, open func(t *testing.T) TokenStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s TokenStore, f *campFixture)
	}{
		{"CreateUseRevoke", testTokensCreateUseRevoke},
		{"Invalid", testTokensInvalid},
		{"UserAdmin", testUserAdmin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s, newCampFixture(t, s))
		})
	}
}

func testTokensCreateUseRevoke(t *testing.T, s TokenStore, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "DG West", "West")
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	id, err := s.CreateToken(ctx, campaigns.APIToken{Name: "Anbieter West", CampaignID: c.ID, Hash: tokenHash("w"), CreatedAt: now, CreatedBy: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	id2, err := s.CreateToken(ctx, campaigns.APIToken{Name: "zweiter anbieter", CampaignID: c.ID, Hash: tokenHash("o"), CreatedAt: now})
	if err != nil || id2 == id {
		t.Fatalf("second token: %v, id %d", err, id2)
	}
	all, err := s.Tokens(ctx)
	if err != nil || len(all) != 2 {
		t.Fatalf("Tokens: %v %+v", err, all)
	}
	w := all[0]
	if w.ID != id || w.Name != "Anbieter West" || w.CampaignID != c.ID || !bytes.Equal(w.Hash, tokenHash("w")) ||
		!w.CreatedAt.Equal(now) || w.CreatedBy != "anna" || !w.LastUsed.IsZero() || w.Revoked() {
		t.Errorf("token %+v", w)
	}
	if all[1].Name != "zweiter anbieter" {
		t.Errorf("order by name: %+v", all)
	}

	used, err := s.UseToken(ctx, tokenHash("w"), now.Add(time.Hour))
	if err != nil || used.ID != id || !used.LastUsed.Equal(now.Add(time.Hour)) {
		t.Fatalf("UseToken: %v %+v", err, used)
	}
	// An earlier use (clock skew between instances) does not move it back.
	if _, err := s.UseToken(ctx, tokenHash("w"), now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	all, _ = s.Tokens(ctx)
	if !all[0].LastUsed.Equal(now.Add(time.Hour)) {
		t.Errorf("last used %v, want %v", all[0].LastUsed, now.Add(time.Hour))
	}
	_, err = s.UseToken(ctx, tokenHash("unknown"), now)
	wantCode(t, err, geo.ENOTFOUND)

	if err := s.RevokeToken(ctx, id, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, id, now.Add(3*time.Hour)); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	_, err = s.UseToken(ctx, tokenHash("w"), now.Add(4*time.Hour))
	wantCode(t, err, geo.ENOTFOUND)
	all, _ = s.Tokens(ctx)
	if !all[0].Revoked() || !all[0].RevokedAt.Equal(now.Add(2*time.Hour)) {
		t.Errorf("revoked token %+v", all[0])
	}
	if all[1].Revoked() {
		t.Errorf("the other token is revoked too: %+v", all[1])
	}
	if _, err := s.UseToken(ctx, tokenHash("o"), now); err != nil {
		t.Errorf("the other token: %v", err)
	}
	wantCode(t, s.RevokeToken(ctx, 9999, now), geo.ENOTFOUND)
	// A revoked token's name stays taken.
	_, err = s.CreateToken(ctx, campaigns.APIToken{Name: "ANBIETER WEST", CampaignID: c.ID, Hash: tokenHash("w2"), CreatedAt: now})
	wantCode(t, err, geo.ECONFLICT)
}

func testTokensInvalid(t *testing.T, s TokenStore, f *campFixture) {
	ctx := context.Background()
	c := f.create(t, "DG West", "West")
	now := time.Now()
	_, err := s.CreateToken(ctx, campaigns.APIToken{Name: " ", CampaignID: c.ID, Hash: tokenHash("a"), CreatedAt: now})
	wantCode(t, err, geo.EINVALID)
	_, err = s.CreateToken(ctx, campaigns.APIToken{Name: "a", CampaignID: c.ID, CreatedAt: now})
	wantCode(t, err, geo.EINVALID)
	_, err = s.CreateToken(ctx, campaigns.APIToken{Name: "a", CampaignID: 9999, Hash: tokenHash("a"), CreatedAt: now})
	wantCode(t, err, geo.ENOTFOUND)
	if all, err := s.Tokens(ctx); err != nil || len(all) != 0 {
		t.Errorf("after refused creations: %v %+v", err, all)
	}
}

func testUserAdmin(t *testing.T, s TokenStore, _ *campFixture) {
	ctx := context.Background()
	anna := mustCreateUser(t, s, "anna", campaigns.RoleViewer)
	now := time.Now()
	if err := s.SetRole(ctx, anna.ID, campaigns.RoleEditor); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.UserByName(ctx, "anna"); u.Role != campaigns.RoleEditor {
		t.Errorf("role %q", u.Role)
	}
	wantCode(t, s.SetRole(ctx, anna.ID, "boss"), geo.EINVALID)
	wantCode(t, s.SetRole(ctx, 9999, campaigns.RoleAdmin), geo.ENOTFOUND)

	if err := s.CreateSession(ctx, tokenHash("a"), anna.ID, now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Enabling a user who is not disabled changes nothing: the session
	// goes on (only disabling ends sessions).
	if err := s.SetDisabled(ctx, anna.ID, false); err != nil {
		t.Fatal(err)
	}
	if u, err := s.SessionUser(ctx, tokenHash("a"), now, time.Hour); err != nil || u.ID != anna.ID {
		t.Errorf("session after enabling an enabled user: %+v, %v", u, err)
	}
	if err := s.SetDisabled(ctx, anna.ID, true); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.UserByName(ctx, "anna"); !u.Disabled {
		t.Error("not disabled")
	}
	_, err := s.SessionUser(ctx, tokenHash("a"), now, time.Hour)
	wantCode(t, err, geo.ENOTFOUND)
	if err := s.SetDisabled(ctx, anna.ID, false); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.UserByName(ctx, "anna"); u.Disabled {
		t.Error("still disabled")
	}
	// Disabling ended the session: enabling does not bring it back.
	_, err = s.SessionUser(ctx, tokenHash("a"), now, time.Hour)
	wantCode(t, err, geo.ENOTFOUND)
	wantCode(t, s.SetDisabled(ctx, 9999, true), geo.ENOTFOUND)
}
