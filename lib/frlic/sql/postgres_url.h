// PostgreSQL ledger locations: telling a URL from a file path, and keeping its password out of
// every message. Free of libpq, so that the ledger (and so every frlic command) can recognise
// a URL without loading the PostgreSQL client library at start.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace frlic::sql {

// Whether a ledger location names a PostgreSQL database: a `postgresql://` or `postgres://`
// URL (libpq's URI form; every libpq parameter, such as sslmode, passes through).
bool IsPostgresUrl(std::string_view location);

// The URL as messages may show it: the password (in the userinfo or a `password=` query
// parameter) replaced by `***`.
std::string RedactPostgresUrl(std::string_view url);

// The password(s) in `url` as written (userinfo, `password=` parameters), for scrubbing from
// messages that quote it.
std::vector<std::string> PostgresUrlPasswords(std::string_view url);

}  // namespace frlic::sql
