package postgres

import (
	"net/url"
	"strings"
)

// libpqParams are the connection URI parameters that libpq (and so pg_dump
// and psql) accept. pgx takes any other parameter as a run-time setting
// (search_path) or a pool setting (pool_max_conns); libpq refuses them.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true,
	"passfile": true, "channel_binding": true, "connect_timeout": true,
	"client_encoding": true, "options": true, "application_name": true,
	"fallback_application_name": true, "keepalives": true, "keepalives_idle": true,
	"keepalives_interval": true, "keepalives_count": true, "tcp_user_timeout": true,
	"sslmode": true, "sslcompression": true, "sslcert": true, "sslkey": true,
	"sslrootcert": true, "sslcrl": true, "sslcrldir": true, "sslsni": true,
	"requirepeer": true, "ssl_min_protocol_version": true, "ssl_max_protocol_version": true,
	"gssencmode": true, "krbsrvname": true, "gsslib": true, "service": true,
	"target_session_attrs": true, "load_balance_hosts": true,
}

// DumpCommand returns the pg_dump command line (custom format, -Fc) that
// backs up the database of the store URL raw into file, for people to copy:
// the URL keeps only the parameters libpq understands, a search_path
// becomes --schema for its first schema other than public (the store's
// tables live there; PostGIS stays in public), PostGIS's spatial_ref_sys
// rows are left out, and a password in the URL is replaced by
// PGPASSWORD='xxxxx' in front of the command.
func DumpCommand(raw, file string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "pg_dump -Fc -d '(unparsable URL)' -f " + shellQuote(file)
	}
	var prefix string
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			prefix = "PGPASSWORD='xxxxx' "
			u.User = url.User(u.User.Username())
		}
	}
	var schema string
	q := u.Query()
	for k := range q {
		if k == "search_path" {
			for _, s := range strings.Split(q.Get(k), ",") {
				s = strings.TrimSpace(s)
				if s != "" && s != "public" && s != `"$user"` && s != "$user" {
					schema = s
					break
				}
			}
		}
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	// spatial_ref_sys belongs to PostGIS: its rows come with the extension,
	// and a restore by the database owner (not a superuser) may not write it.
	cmd := prefix + "pg_dump -Fc --exclude-table-data=public.spatial_ref_sys"
	if schema != "" {
		cmd += " --schema=" + shellQuote(schema)
	}
	return cmd + " -d " + shellQuote(u.String()) + " -f " + shellQuote(file)
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
