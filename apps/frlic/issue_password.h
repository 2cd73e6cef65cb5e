// Where `frlic issue` puts a public cloud account's password (docs/formats.md 10.7): never into
// a CI log by accident. A 0600 file (--password-out), the terminal (stdout is one), or stdout
// on explicit request (--show-password); anything else is refused before the account exists.
#pragma once

#include <string>

#include "cli.h"
#include "frlic/issue/issue.h"

namespace frlic::cli {

// Before issuing: for a public-cloud order that would create an account, refuses
// (kInvalidInput, naming both flags) when no destination is chosen and stdout is not a
// terminal, and refuses a --password-out that exists (kRefused, unless --force) or whose
// directory does not (kNotFound). Orders that do not load, other methods, and order ids the
// ledger (read, never created) already holds pass: issuing reports, ignores or re-runs them.
Status CheckPasswordDestination(const PasswordDestination& destination,
                                const std::string& order_path, const std::string& ledger_path);

// After issuing: puts the password where the destination says and prints the result (text or
// --json). The password is in the JSON only with --show-password.
int ReportAccountIssued(const GlobalOptions& options, const IssueResult& issued,
                        const PasswordDestination& destination);

}  // namespace frlic::cli
