package geo

import (
	"errors"
	"fmt"
	"io/fs"
)

// Error codes shared by every package. The web layer maps them to HTTP
// statuses in one table; the CLI maps EINVALID/ENOTFOUND/ECONFLICT to exit
// code 1 and prints the message.
const (
	EINVALID     = "invalid"     // bad input: the message is meant for the user
	ENOTFOUND    = "not_found"   // a named thing does not exist
	ECONFLICT    = "conflict"    // a concurrent or duplicate change was refused
	EFORBIDDEN   = "forbidden"   // the user may not do this here (another municipality's data)
	EUNAVAILABLE = "unavailable" // the store is busy (another process writes): try again shortly
	EINTERNAL    = "internal"    // anything else; logged, shown as "internal error"
)

// Error is an application error with a code and a message for people.
type Error struct {
	Code    string
	Message string
	Err     error // optional cause
}

func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
// A %w verb in format keeps the cause available to errors.Is/As.
func Errorf(code, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: err.Error(), Err: errors.Unwrap(err)}
}

// OpenError is EINVALID for a file named on the command line that cannot
// be opened, in German: not found, not readable, or the system's reason.
func OpenError(name string, err error) *Error {
	msg := fmt.Sprintf("Datei „%s“ lässt sich nicht öffnen: %v", name, err)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		msg = fmt.Sprintf("Datei „%s“ nicht gefunden", name)
	case errors.Is(err, fs.ErrPermission):
		msg = fmt.Sprintf("Datei „%s“: keine Leseberechtigung", name)
	}
	return &Error{Code: EINVALID, Message: msg, Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message: the *Error's message, or
// "internal error" for anything else.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return "internal error"
}

// Sentinel errors of the package.
var (
	// ErrOutOfRange reports a coordinate outside the declared CRS's valid range.
	ErrOutOfRange = errors.New("geo: coordinate out of range")
	// ErrUnknownCRS reports an unsupported coordinate reference system.
	ErrUnknownCRS = errors.New("PROJ kennt dieses Koordinatensystem nicht")
)
