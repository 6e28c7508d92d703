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

func TestThrottledUntil(t *testing.T) {
	t0 := time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC)
	at := func(secs ...int) []time.Time {
		var out []time.Time
		for _, s := range secs {
			out = append(out, t0.Add(time.Duration(s)*time.Second))
		}
		return out
	}
	many := make([]int, 40)
	tests := []struct {
		name     string
		failures []time.Time
		free     int
		now      time.Time
		want     time.Time
	}{
		{"none", nil, 3, t0, time.Time{}},
		{"two", at(0, 1), 3, t0.Add(2 * time.Second), time.Time{}},
		{"three: wait 1 s after the last", at(0, 1, 2), 3, t0.Add(2 * time.Second), t0.Add(3 * time.Second)},
		{"three, waited", at(0, 1, 2), 3, t0.Add(3 * time.Second), time.Time{}},
		{"five: 4 s", at(0, 1, 2, 10, 20), 3, t0.Add(21 * time.Second), t0.Add(24 * time.Second)},
		{"unordered", at(20, 0, 10, 2, 1), 3, t0.Add(21 * time.Second), t0.Add(24 * time.Second)},
		{"forty: at most 15 min", at(many...), 3, t0, t0.Add(ThrottleMax)},
		{"older than the window", at(0, 1, 2), 3, t0.Add(ThrottleWindow + 3*time.Second), time.Time{}},
		{"the address's allowance", at(0, 1, 2, 3, 4), ThrottleFreeIP, t0.Add(5 * time.Second), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ThrottledUntil(tt.failures, tt.free, tt.now); !got.Equal(tt.want) {
				t.Errorf("ThrottledUntil = %v, want %v", got, tt.want)
			}
		})
	}
}
