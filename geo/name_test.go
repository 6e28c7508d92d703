package geo

import (
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"Anna Amt", "Glasfaser für Müllheim 2026", "Zell-Rebbach", "1&1 Versatel", "O'Neill"} {
		if err := CheckName("Name", ok); err != nil {
			t.Errorf("CheckName(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"anna\u202e", "an\u200bna", "anna\u200d", "Zeile\u2028zwei", "tab\there", "nul\x00", "bom\ufeff", "soft\u00adhyphen"} {
		err := CheckName("Der Benutzername", bad)
		if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "Der Benutzername enthält") || !strings.Contains(err.Error(), "U+") {
			t.Errorf("CheckName(%q): %v, want EINVALID naming the field and the character", bad, err)
		}
	}
}
