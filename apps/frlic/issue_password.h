// Where `frlic issue` puts a public cloud account's password (docs/formats.md 10.7): never into
// a CI log by accident. A 0600 file (--password-out), the terminal (stdout is one), or stdout
// on explicit request (--show-password); anything else is refused before the account exists.
#pragma once

#include <string>

#include "cli.h"
#include "frlic/issue/issue.h"
#include "frlic/order/order.h"

namespace frlic::cli {

// Before issuing: for a public-cloud order that would create an account, refuses
// (kInvalidInput, naming both flags) when no destination is chosen and stdout is not a
// terminal, and refuses a --password-out that exists (kRefused, unless --force) or whose
// directory does not (kNotFound). Orders that do not load, other methods, and order ids the
// ledger (read, never created) already holds pass: issuing reports, ignores or re-runs them.
Status CheckPasswordDestination(const PasswordDestination& destination,
                                const std::string& order_path, const std::string& ledger_path);

// After issuing: prints the result (text or --json) and, without a file (the library wrote
// IssueResult::password_file), shows the password where the destination says. The password is
// in the JSON only with --show-password.
int ReportAccountIssued(const GlobalOptions& options, const IssueResult& issued,
                        const PasswordDestination& destination);

// A batch (issue_batch.h): --password-out names a directory, and a public-cloud order's
// password goes to DIR/<order id>.password (mode 0600); --show-password puts it in the output.
// Before the order is issued: kInvalidInput without either flag, kNotFound when DIR is not a
// directory, kRefused when the file exists (unless --force).
Status CheckBatchPasswordDestination(const PasswordDestination& destination, const Order& order,
                                     const std::string& order_path);

}  // namespace frlic::cli
