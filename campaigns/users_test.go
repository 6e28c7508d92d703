package campaigns

import (
	"strings"
	"testing"
	"time"

	"gigaplan/geo"
)

func TestRoleCan(t *testing.T) {
	tests := []struct {
		name string
		role Role
		can  []Action
		not  []Action
	}{
		{"admin", RoleAdmin, []Action{ActionRead, ActionDownload, ActionEdit, ActionUsers, ActionImport, ActionAuditRead}, nil},
		{"editor", RoleEditor, []Action{ActionRead, ActionDownload, ActionEdit}, []Action{ActionUsers, ActionImport, ActionAuditRead}},
		{"viewer", RoleViewer, []Action{ActionRead, ActionDownload}, []Action{ActionEdit, ActionUsers, ActionImport}},
		{"unknown", Role("boss"), nil, []Action{ActionRead, ActionEdit}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, a := range tt.can {
				if !tt.role.Can(a) {
					t.Errorf("%s cannot %s", tt.role, a)
				}
			}
			for _, a := range tt.not {
				if tt.role.Can(a) {
					t.Errorf("%s can %s", tt.role, a)
				}
			}
		})
	}
	if !RoleAdmin.AtLeast(RoleEditor) || RoleViewer.AtLeast(RoleEditor) || Role("").AtLeast(RoleViewer) {
		t.Error("AtLeast")
	}
	if r, err := ParseRole(" Editor "); err != nil || r != RoleEditor {
		t.Errorf("ParseRole: %v %v", r, err)
	}
	if _, err := ParseRole("root"); geo.ErrorCode(err) != geo.EINVALID {
		t.Errorf("ParseRole root: %v", err)
	}
}

func TestPasswords(t *testing.T) {
	for _, pw := range []string{"", "kurz", "elf Zeichen", strings.Repeat("ä", 37)} {
		if _, err := HashPassword(pw); geo.ErrorCode(err) != geo.EINVALID {
			t.Errorf("HashPassword(%q): %v, want EINVALID", pw, err)
		}
	}
	h, err := HashPassword("zwölf Zeichen")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "zwölf Zeichen") || CheckPassword(h, "zwölf zeichen") || CheckPassword(nil, "zwölf Zeichen") {
		t.Error("CheckPassword")
	}
	if !strings.HasPrefix(string(h), "$gp2$$2a$12$") {
		t.Errorf("hash %q: want the pre-hash mark and bcrypt cost 12", h)
	}
}

func TestLockedUntil(t *testing.T) {
	t0 := time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC)
	at := func(mins ...int) []time.Time {
		var out []time.Time
		for _, m := range mins {
			out = append(out, t0.Add(time.Duration(m)*time.Minute))
		}
		return out
	}
	tests := []struct {
		name     string
		failures []time.Time
		now      time.Time
		want     time.Time
	}{
		{"none", nil, t0, time.Time{}},
		{"four", at(0, 1, 2, 3), t0.Add(4 * time.Minute), time.Time{}},
		{"five within 15 min", at(0, 1, 2, 3, 4), t0.Add(5 * time.Minute), t0.Add(19 * time.Minute)},
		{"five, lock over", at(0, 1, 2, 3, 4), t0.Add(19 * time.Minute), time.Time{}},
		{"five spread over 20 min", at(0, 5, 10, 15, 20), t0.Add(21 * time.Minute), time.Time{}},
		{"five within 15 min, unordered", at(20, 5, 10, 15, 16), t0.Add(21 * time.Minute), t0.Add(35 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LockedUntil(tt.failures, tt.now); !got.Equal(tt.want) {
				t.Errorf("LockedUntil = %v, want %v", got, tt.want)
			}
		})
	}
}
