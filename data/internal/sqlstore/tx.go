package sqlstore

import "context"

// WrapErr says what failed (format, args) around a driver error: each
// adapter's way of turning its driver's errors into geo.Errors.
type WrapErr func(err error, format string, args ...any) error

// RunTx is the transaction protocol of both adapters: begin starts a
// transaction and returns how to commit it and how to roll it back; fn's
// error is returned unchanged after the rollback (which also runs when fn
// panics); a nil error commits, unless ctx was cancelled meanwhile. When
// begin or commit fail after ctx is done, the caller gets ctx's error;
// otherwise wrap names the step.
func RunTx(ctx context.Context, begin func() (commit func() error, rollback func(), err error), fn func() error, wrap WrapErr) error {
	commit, rollback, err := begin()
	if err != nil {
		return StmtErr(ctx, err, wrap, "begin transaction")
	}
	committed := false
	defer func() {
		if !committed {
			rollback()
		}
	}()
	if err := fn(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	committed = true // a failed commit has ended the transaction too
	if err := commit(); err != nil {
		return StmtErr(ctx, err, wrap, "commit")
	}
	return nil
}

// StmtErr is wrap for a statement that may have failed because ctx was
// cancelled (database/sql then reports a closed statement or a finished
// transaction, pgx a closed connection): the caller gets ctx's error
// instead.
func StmtErr(ctx context.Context, err error, wrap WrapErr, format string, args ...any) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return wrap(err, format, args...)
}
