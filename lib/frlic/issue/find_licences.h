// Finding licences in the ledger from what a customer's e-mail says: company, project, order
// id, method, status, the licence server's machine, a product's IP address, the expiry window
// (docs/cli.md, "Finding a licence"). Read-only: the ledger is not locked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frlic/core/status.h"
#include "frlic/core/time.h"
#include "frlic/ledger/ledger.h"
#include "frlic/order/order.h"

namespace frlic {

// Every member that is set must match; an empty filter matches every record.
struct LicenceFilter {
  std::string company;   // a substring of terms.company; ASCII letters ignore case
  std::string project;   // a substring of terms.project, the same way
  std::string order_id;  // equal
  std::optional<LicenceStatus> status;
  std::optional<Method> method;
  std::string machine_fingerprint;          // equal (64 hex characters, either case)
  std::optional<std::uint32_t> ip;          // inside one of terms.ip_ranges
  std::optional<CivilDate> expires_before;  // terms.expires is before this day
  std::optional<CivilDate> expires_after;   // terms.expires is after this day
};

// A record with its terms read back (the ledger keeps them as signed).
struct FoundLicence {
  LedgerRecord record;
  Terms terms;
};

// The records that match, by issue time then serial. kLedgerCorrupt when a record's terms do
// not read back (naming the serial).
Result<std::vector<FoundLicence>> FindLicences(Ledger& ledger, const LicenceFilter& filter);

// Whether `text` contains `part`, ASCII letters compared without case (other characters, such
// as Chinese company names, exactly).
bool ContainsIgnoringAsciiCase(std::string_view text, std::string_view part);

// What `frlic ledger show ORDER-ID` shows: the order's records by issue time (its first
// licence, reissues, aborted attempts) and the current one: the last that is not aborted,
// else the last. kNotFound when the order id has no record.
struct OrderLicences {
  std::vector<LedgerRecord> records;
  LedgerRecord current;
};
Result<OrderLicences> FindOrderLicences(Ledger& ledger, const std::string& order_id);

}  // namespace frlic
