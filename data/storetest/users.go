package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gigaplan/campaigns"
	"gigaplan/geo"
)

// UserStore is a store of users, sessions and the audit log that can be
// closed.
type UserStore interface {
	campaigns.UserStore
	Close() error
}

// RunUsers runs the user part of the suite; each subtest gets its own
// store from open.
func RunUsers(t *testing.T, open func(t *testing.T) UserStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s UserStore)
	}{
		{"CreateAndRead", testUserCreateAndRead},
		{"Sessions", testSessions},
		{"SetPasswordEndsSessions", testSetPasswordEndsSessions},
		{"LoginFailures", testLoginFailures},
		{"Audit", testAudit},
		{"Municipality", testUserMunicipality},
		{"AuditText", testAuditText},
		{"Secret", testSecret},
	}
	probe := open(t)
	_, admin := probe.(campaigns.UserAdmin)
	if err := probe.Close(); err != nil {
		t.Fatal(err)
	}
	if admin {
		tests = append(tests, struct {
			name string
			fn   func(t *testing.T, s UserStore)
		}{"UnlockLogin", testUnlockLogin})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

func mustCreateUser(t *testing.T, s UserStore, name string, role campaigns.Role) campaigns.User {
	t.Helper()
	ctx := context.Background()
	id, err := s.CreateUser(ctx, campaigns.User{Name: name, Role: role, PasswordHash: []byte("hash-of-" + name)})
	if err != nil {
		t.Fatalf("CreateUser %s: %v", name, err)
	}
	u, err := s.UserByName(ctx, name)
	if err != nil || u.ID != id {
		t.Fatalf("UserByName %s: %v, id %d want %d", name, err, u.ID, id)
	}
	return u
}

func testUserCreateAndRead(t *testing.T, s UserStore) {
	ctx := context.Background()
	anna := mustCreateUser(t, s, "Anna", campaigns.RoleEditor)
	mustCreateUser(t, s, "bernd", campaigns.RoleAdmin)
	if anna.Role != campaigns.RoleEditor || string(anna.PasswordHash) != "hash-of-Anna" || anna.CreatedAt.IsZero() || anna.Disabled {
		t.Errorf("Anna: %+v", anna)
	}
	if u, err := s.UserByName(ctx, "ANNA"); err != nil || u.ID != anna.ID {
		t.Errorf("UserByName is case-insensitive: %v %+v", err, u)
	}
	_, err := s.UserByName(ctx, "carla")
	wantCode(t, err, geo.ENOTFOUND)
	_, err = s.CreateUser(ctx, campaigns.User{Name: "anna", Role: campaigns.RoleViewer, PasswordHash: []byte("x")})
	wantCode(t, err, geo.ECONFLICT)
	_, err = s.CreateUser(ctx, campaigns.User{Name: "carla", Role: "boss", PasswordHash: []byte("x")})
	wantCode(t, err, geo.EINVALID)
	_, err = s.CreateUser(ctx, campaigns.User{Name: " ", Role: campaigns.RoleViewer, PasswordHash: []byte("x")})
	wantCode(t, err, geo.EINVALID)
	all, err := s.Users(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "Anna" || all[1].Name != "bernd" {
		t.Errorf("Users: %v %+v", err, all)
	}
}

func tokenHash(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func testSessions(t *testing.T, s UserStore) {
	ctx := context.Background()
	anna := mustCreateUser(t, s, "anna", campaigns.RoleEditor)
	now := time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC)
	idle := 8 * time.Hour
	if err := s.CreateSession(ctx, tokenHash("a"), anna.ID, now, now.Add(7*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	u, err := s.SessionUser(ctx, tokenHash("a"), now.Add(time.Hour), idle)
	if err != nil || u.ID != anna.ID || u.Role != campaigns.RoleEditor {
		t.Fatalf("SessionUser: %v %+v", err, u)
	}
	_, err = s.SessionUser(ctx, tokenHash("b"), now, idle)
	wantCode(t, err, geo.ENOTFOUND)
	// Used after 7 h, then 7 h later: still alive (idle counts from the last use).
	if _, err := s.SessionUser(ctx, tokenHash("a"), now.Add(8*time.Hour), idle); err != nil {
		t.Fatalf("used within the idle time: %v", err)
	}
	if _, err := s.SessionUser(ctx, tokenHash("a"), now.Add(15*time.Hour), idle); err != nil {
		t.Fatalf("used within the idle time of the last use: %v", err)
	}
	// A use a minute after the last recorded one is recorded too: idle
	// then counts from it (the stores may skip recording uses less than a
	// minute apart, not more).
	if _, err := s.SessionUser(ctx, tokenHash("a"), now.Add(15*time.Hour+time.Minute), idle); err != nil {
		t.Fatalf("used a minute after the last use: %v", err)
	}
	if _, err := s.SessionUser(ctx, tokenHash("a"), now.Add(23*time.Hour+time.Minute-time.Second), idle); err != nil {
		t.Fatalf("used just within the idle time of a use a minute after the last: %v", err)
	}
	// Idle for exactly 8 h: the session has ended (as at its absolute
	// limit below), and stays ended.
	_, err = s.SessionUser(ctx, tokenHash("a"), now.Add(31*time.Hour+time.Minute-time.Second), idle)
	wantCode(t, err, geo.ENOTFOUND)
	_, err = s.SessionUser(ctx, tokenHash("a"), now.Add(24*time.Hour), idle)
	wantCode(t, err, geo.ENOTFOUND)
	if err := s.CreateSession(ctx, tokenHash("b"), anna.ID, now, now.Add(7*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Idle for 8 h: gone, and stays gone.
	_, err = s.SessionUser(ctx, tokenHash("b"), now.Add(8*time.Hour+time.Minute), idle)
	wantCode(t, err, geo.ENOTFOUND)
	_, err = s.SessionUser(ctx, tokenHash("b"), now.Add(time.Hour), idle)
	wantCode(t, err, geo.ENOTFOUND)

	// The absolute limit holds however often the session is used.
	if err := s.CreateSession(ctx, tokenHash("c"), anna.ID, now, now.Add(20*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for h := 4; h < 20; h += 4 {
		if _, err := s.SessionUser(ctx, tokenHash("c"), now.Add(time.Duration(h)*time.Hour), idle); err != nil {
			t.Fatalf("at %d h: %v", h, err)
		}
	}
	_, err = s.SessionUser(ctx, tokenHash("c"), now.Add(20*time.Hour), idle)
	wantCode(t, err, geo.ENOTFOUND)

	// Logout.
	if err := s.CreateSession(ctx, tokenHash("d"), anna.ID, now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, tokenHash("d")); err != nil {
		t.Fatal(err)
	}
	_, err = s.SessionUser(ctx, tokenHash("d"), now, idle)
	wantCode(t, err, geo.ENOTFOUND)
	if err := s.DeleteSession(ctx, tokenHash("d")); err != nil {
		t.Errorf("deleting a missing session: %v", err)
	}
}

func testSetPasswordEndsSessions(t *testing.T, s UserStore) {
	ctx := context.Background()
	anna := mustCreateUser(t, s, "anna", campaigns.RoleViewer)
	now := time.Now()
	if err := s.CreateSession(ctx, tokenHash("a"), anna.ID, now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, anna.ID, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.UserByName(ctx, "anna"); !bytes.Equal(u.PasswordHash, []byte("new")) {
		t.Errorf("hash %q", u.PasswordHash)
	}
	_, err := s.SessionUser(ctx, tokenHash("a"), now, time.Hour)
	wantCode(t, err, geo.ENOTFOUND)
	wantCode(t, s.SetPassword(ctx, 999, []byte("x")), geo.ENOTFOUND)
}

func testLoginFailures(t *testing.T, s UserStore) {
	ctx := context.Background()
	now := time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC)
	for i := range 3 {
		if err := s.RecordLoginFailure(ctx, "name:anna", now.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RecordLoginFailure(ctx, "ip:192.0.2.1", now); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoginFailures(ctx, "name:anna", now.Add(time.Minute))
	if err != nil || len(got) != 2 || !got[0].Equal(now.Add(time.Minute)) || !got[1].Equal(now.Add(2*time.Minute)) {
		t.Errorf("LoginFailures since +1 min: %v %v", got, err)
	}
	if err := s.ResetLoginFailures(ctx, "name:anna"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.LoginFailures(ctx, "name:anna", now.Add(-time.Hour)); len(got) != 0 {
		t.Errorf("after reset: %v", got)
	}
	if got, _ := s.LoginFailures(ctx, "ip:192.0.2.1", now.Add(-time.Hour)); len(got) != 1 {
		t.Errorf("other keys are kept: %v", got)
	}
}

func testAudit(t *testing.T, s UserStore) {
	ctx := context.Background()
	at := time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC)
	for i, a := range []string{campaigns.AuditLogin, campaigns.AuditSignups, campaigns.AuditLogout} {
		if err := s.AddAudit(ctx, campaigns.AuditEntry{At: at.Add(time.Duration(i) * time.Minute), User: "anna", Action: a, Detail: "d" + a}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Audit(ctx, 2)
	if err != nil || len(got) != 2 {
		t.Fatalf("Audit: %v %d", err, len(got))
	}
	if got[0].Action != campaigns.AuditLogout || got[1].Action != campaigns.AuditSignups || got[1].User != "anna" ||
		got[1].Detail != "dsignups" || !got[1].At.Equal(at.Add(time.Minute)) {
		t.Errorf("Audit newest first: %+v", got)
	}
}

// testUserMunicipality: a user's municipality and an audit entry's come
// back from every read, and AuditFiltered keeps one municipality's.
func testUserMunicipality(t *testing.T, s UserStore) {
	ctx := context.Background()
	at := time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC)
	id, err := s.CreateUser(ctx, campaigns.User{Name: "West", Role: campaigns.RoleEditor, PasswordHash: []byte("h"), Municipality: 7, CreatedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, campaigns.User{Name: "anna\u202e", Role: campaigns.RoleViewer, PasswordHash: []byte("h")}); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("a user name with a bidi override: %v, want EINVALID", err)
	}
	county := mustCreateUser(t, s, "Kreis", campaigns.RoleAdmin)
	if !county.CountyWide() {
		t.Errorf("a user created without a municipality is not county-wide: %+v", county)
	}
	u, err := s.UserByName(ctx, "west")
	if err != nil || u.Municipality != 7 || u.CountyWide() {
		t.Errorf("UserByName: %+v %v", u, err)
	}
	all, err := s.Users(ctx)
	if err != nil || len(all) != 2 || all[1].Name != "West" || all[1].Municipality != 7 {
		t.Errorf("Users: %+v %v", all, err)
	}
	if err := s.CreateSession(ctx, tokenHash("w"), id, at, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if u, err := s.SessionUser(ctx, tokenHash("w"), at.Add(time.Minute), time.Hour); err != nil || u.Municipality != 7 {
		t.Errorf("SessionUser: %+v %v", u, err)
	}
	for i, m := range []int64{7, 8, 0, 7} {
		if err := s.AddAudit(ctx, campaigns.AuditEntry{At: at.Add(time.Duration(i) * time.Minute), User: "West", Action: campaigns.AuditSignups,
			Detail: "e" + string(rune('0'+i)), Municipality: m}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.AuditFiltered(ctx, campaigns.AuditFilter{Municipality: 7})
	if err != nil || len(got) != 2 || got[0].Detail != "e3" || got[1].Detail != "e0" || got[0].Municipality != 7 {
		t.Errorf("AuditFiltered municipality 7: %+v %v", got, err)
	}
	got, err = s.AuditFiltered(ctx, campaigns.AuditFilter{})
	if err != nil || len(got) != 4 || got[1].Municipality != 0 || got[2].Municipality != 8 {
		t.Errorf("AuditFiltered all: %+v %v", got, err)
	}
	if got, err := s.Audit(ctx, 10); err != nil || len(got) != 4 || got[0].Municipality != 7 {
		t.Errorf("Audit: %+v %v", got, err)
	}
}

// testAuditText: an entry whose text holds a file's raw bytes (NUL,
// control characters, invalid UTF-8) or is very long is stored cleaned and
// cut, never refused (PostgreSQL refuses NUL in text: the entry was lost).
func testAuditText(t *testing.T, s UserStore) {
	ctx := context.Background()
	raw := "import_failed aus adressen.csv: Zeile 3: \x00\x01\x1b[31mrot\xff\xfe ende"
	long := strings.Repeat("ä", 10_000)
	for _, e := range []campaigns.AuditEntry{
		{User: "anna\x00", Action: campaigns.AuditImportFail, Detail: raw},
		{User: "anna", Action: campaigns.AuditImport, Detail: long},
	} {
		if err := s.AddAudit(ctx, e); err != nil {
			t.Fatalf("AddAudit(%.40q): %v", e.Detail, err)
		}
	}
	got, err := s.Audit(ctx, 10)
	if err != nil || len(got) != 2 {
		t.Fatalf("Audit: %v %d", err, len(got))
	}
	if want := "import_failed aus adressen.csv: Zeile 3:    [31mrot\uFFFD ende"; got[1].Detail != want || got[1].User != "anna " {
		t.Errorf("cleaned entry: user %q, detail %q, want %q", got[1].User, got[1].Detail, want)
	}
	if n := utf8.RuneCountInString(got[0].Detail); n != campaigns.MaxAuditDetail || !strings.HasSuffix(got[0].Detail, "…") {
		t.Errorf("long detail kept %d characters", n)
	}
}

// testUnlockLogin: an admin's unlock forgets a name's failures from every
// address, and only that name's (not "anna2"'s, not an address's).
func testUnlockLogin(t *testing.T, s UserStore) {
	ctx := context.Background()
	at := time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC)
	keys := []string{campaigns.LockKeyNameIP("Anna", "192.0.2.1"), campaigns.LockKeyNameIP("anna", "192.0.2.2"),
		campaigns.LockKeyNameIP("anna2", "192.0.2.1"), campaigns.LockKeyIP("192.0.2.1"), campaigns.LockKeyNameIP("an%a", "192.0.2.1")}
	for _, k := range keys {
		if err := s.RecordLoginFailure(ctx, k, at); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.(campaigns.UserAdmin).UnlockLogin(ctx, " ANNA ")
	if err != nil || n != 2 {
		t.Fatalf("UnlockLogin: %d %v, want 2", n, err)
	}
	for i, k := range keys {
		ts, err := s.LoginFailures(ctx, k, at.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if want := 1; i < 2 {
			want = 0
			if len(ts) != want {
				t.Errorf("%s: %d failures left", k, len(ts))
			}
		} else if len(ts) != want {
			t.Errorf("%s: %d failures, want %d", k, len(ts), want)
		}
	}
	if n, err := s.(campaigns.UserAdmin).UnlockLogin(ctx, "an%a"); err != nil || n != 1 {
		t.Errorf("UnlockLogin of a name with a LIKE wildcard: %d %v", n, err)
	}
}

// testSecret: a secret is made once, at least 32 random bytes, and every
// caller (also concurrent ones, as several instances starting at once)
// reads the same; names do not share.
func testSecret(t *testing.T, s UserStore) {
	ctx := context.Background()
	const callers = 8
	got := make([][]byte, callers)
	errs := make(chan error, callers)
	for i := range callers {
		go func() {
			v, err := s.Secret(ctx, "login-csrf")
			got[i] = v
			errs <- err
		}()
	}
	for range callers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i, v := range got {
		if len(v) < 32 || !bytes.Equal(v, got[0]) {
			t.Fatalf("caller %d got %x, caller 0 %x", i, v, got[0])
		}
	}
	if bytes.Count(got[0], got[0][:1]) == len(got[0]) {
		t.Errorf("secret %x is one byte repeated", got[0])
	}
	again, err := s.Secret(ctx, "login-csrf")
	if err != nil || !bytes.Equal(again, got[0]) {
		t.Errorf("second read %x, %v; want %x", again, err, got[0])
	}
	other, err := s.Secret(ctx, "other")
	if err != nil || bytes.Equal(other, got[0]) {
		t.Errorf("another name's secret %x, %v", other, err)
	}
}
