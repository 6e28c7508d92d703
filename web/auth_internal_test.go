package web

import "testing"

// TestSafeNext: the login's next= is followed only to a page of the app.
// The refused list is the usual open-redirect bypass list.
func TestSafeNext(t *testing.T) {
	for _, ok := range []string{
		"/buero", "/buero/", "/buero/kampagnen/1/zahlen", "/buero/protokoll?benutzer=anna&von=2026-01-01",
		"/buero/berichte?gemeinde=08317999", "/buero/kampagnen?q=%C3%BC",
	} {
		if got := safeNext(ok); got != ok {
			t.Errorf("safeNext(%q) = %q, want it kept", ok, got)
		}
	}
	for _, bad := range []string{
		"", "//evil.example", "//evil.example/", "///evil.example", "/\\evil.example", "\\\\evil.example", "\\/evil.example",
		"https://evil.example", "http:evil.example", "HTTPS://evil.example/buero", "javascript:alert(1)", "data:text/html,x",
		"/\t/evil.example", "/%09/evil.example", "/\r\n/evil.example", "/%0d%0a/evil.example", "/%2F/evil.example", "/%2f%2fevil.example",
		"/%5Cevil.example", "/%5c%5cevil.example", "/\x00/evil.example", "/%00/evil.example", " /buero", "buero", "evil.example",
		"/.//evil.example", "/./evil.example", "/../evil.example", "/buero/../..//evil.example", "/buero//x", "//evil.example@buero",
		"/buero#x", "/buero\u2028", "/%E2%80%AE", "\u3002/evil.example", "/buero?x=\x07",
	} {
		if got := safeNext(bad); got != "/buero" && got != "/buero/" {
			t.Errorf("safeNext(%q) = %q, want /buero", bad, got)
		}
	}
}
