package campaigns

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"gigaplan/geo"
)

// Passwords: at least MinPasswordLength characters, at most
// MaxPasswordLength, and not easy to guess (not in the vendored list of
// common passwords, no repetition of one piece, no run like "1234…",
// no common password with a few digits appended).
//
// Hashes: bcrypt reads only the first 72 bytes of its input, so a new
// hash is bcrypt (cost PasswordCost) of the base64 of the password's
// SHA-256, marked with the prefix "$gp2$" (hashPrefix); every character
// of a long password counts. Hashes without the prefix (made before) are
// bcrypt of the password itself and still verify.

// MinPasswordLength is the least number of characters of a password.
const MinPasswordLength = 12

// MaxPasswordLength is the most characters of a password.
const MaxPasswordLength = 256

// PasswordCost is the bcrypt cost of new password hashes.
const PasswordCost = 12

// hashPrefix marks hashes of the pre-hashed password.
const hashPrefix = "$gp2$"

// commonPasswordsText is the 30,000 most common passwords of the zxcvbn
// project's list (MIT, commonpasswords.LICENSE.txt) with some German
// ones, lower case, one per line.
//
//go:embed commonpasswords.txt
var commonPasswordsText string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 30_100)
	for l := range strings.Lines(commonPasswordsText) {
		if l = strings.TrimSpace(l); l != "" {
			m[l] = true
		}
	}
	return m
})

// CheckPasswordRules refuses, with EINVALID and the reason in German, a
// password shorter than MinPasswordLength or longer than
// MaxPasswordLength characters, or one that is easy to guess.
func CheckPasswordRules(pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return geo.Errorf(geo.EINVALID, "das Passwort ist zu kurz: mindestens %d Zeichen", MinPasswordLength)
	case n > MaxPasswordLength:
		return geo.Errorf(geo.EINVALID, "das Passwort ist zu lang: höchstens %d Zeichen", MaxPasswordLength)
	case !utf8.ValidString(pw) || strings.ContainsFunc(pw, unicode.IsControl):
		return geo.Errorf(geo.EINVALID, "das Passwort enthält Steuerzeichen")
	}
	if why := weakPassword(pw); why != "" {
		return geo.Errorf(geo.EINVALID, "das Passwort ist zu leicht zu erraten: %s. Nehmen Sie zum Beispiel vier zufällige Wörter", why)
	}
	return nil
}

// weakPassword says why pw is easy to guess, or "".
func weakPassword(pw string) string {
	l := strings.ToLower(pw)
	common := commonPasswords()
	if common[l] {
		return "es steht in der Liste häufiger Passwörter"
	}
	r := []rune(l)
	for size := 1; size <= len(r)/2; size++ {
		if len(r)%size == 0 && strings.Repeat(string(r[:size]), len(r)/size) == l {
			return "es wiederholt nur „" + string([]rune(pw)[:size]) + "“"
		}
	}
	if isRun(r) {
		return "es ist eine Zeichenfolge wie „1234…“ oder „abcd…“"
	}
	base := strings.TrimRightFunc(l, func(c rune) bool { return unicode.IsDigit(c) || unicode.IsPunct(c) || unicode.IsSymbol(c) })
	if base != l && len([]rune(l))-len([]rune(base)) <= 4 && common[base] {
		return "es ist ein häufiges Passwort mit angehängten Ziffern oder Zeichen"
	}
	return ""
}

// isRun reports whether every character follows the one before it by +1
// or every one by -1 (digits wrap around: "1234567890").
func isRun(r []rune) bool {
	next := func(a, b rune, d rune) bool {
		if unicode.IsDigit(a) && unicode.IsDigit(b) {
			return (a-'0'+d+10)%10 == b-'0'
		}
		return a+d == b
	}
	for _, d := range []rune{1, -1} {
		run := true
		for i := 1; i < len(r) && run; i++ {
			run = next(r[i-1], r[i], d)
		}
		if run {
			return true
		}
	}
	return false
}

// preHash is the password as bcrypt reads it in new hashes.
func preHash(pw string) []byte {
	sum := sha256.Sum256([]byte(pw))
	return []byte(base64.StdEncoding.EncodeToString(sum[:]))
}

// HashPassword checks the password rules and hashes pw (see above).
func HashPassword(pw string) ([]byte, error) {
	if err := CheckPasswordRules(pw); err != nil {
		return nil, err
	}
	h, err := bcrypt.GenerateFromPassword(preHash(pw), PasswordCost)
	if err != nil {
		return nil, geo.Errorf(geo.EINVALID, "Passwort: %v", err)
	}
	return append([]byte(hashPrefix), h...), nil
}

// dummyHash is compared against when a user does not exist, so that the
// answer takes as long as for a wrong password.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword(preHash("gigaplan-dummy-password"), PasswordCost)
	return h
})

// CheckPassword reports whether pw matches hash (bcrypt compares in
// constant time), a hash of HashPassword or an older plain bcrypt one. A
// nil hash is compared against a dummy hash and never matches.
func CheckPassword(hash []byte, pw string) bool {
	if len(hash) == 0 {
		bcrypt.CompareHashAndPassword(dummyHash(), preHash(pw))
		return false
	}
	if h, ok := strings.CutPrefix(string(hash), hashPrefix); ok {
		return bcrypt.CompareHashAndPassword([]byte(h), preHash(pw)) == nil
	}
	return bcrypt.CompareHashAndPassword(hash, []byte(pw)) == nil
}
