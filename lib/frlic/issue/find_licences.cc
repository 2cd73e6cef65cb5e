// Filters over the ledger's records for `frlic ledger list` and `ledger show ORDER-ID`.
#include "frlic/issue/find_licences.h"

#include <algorithm>

#include "frlic/core/strict_json.h"

namespace frlic {
namespace {

char FoldAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return FoldAscii(x) == FoldAscii(y);
         });
}

Result<Terms> RecordTerms(const LedgerRecord& record) {
  const std::string where = "ledger record " + record.serial + " (terms_json)";
  auto json = ParseStrictJson(record.terms_json, where);
  if (!json.ok()) return Error(ErrorCode::kLedgerCorrupt, json.error().message());
  auto terms = TermsFromJson(*json, where);
  if (!terms.ok()) {
    return Error(ErrorCode::kLedgerCorrupt, terms.error().message(), terms.error().problems());
  }
  return std::move(terms).value();
}

bool Matches(const LedgerRecord& record, const Terms& terms, const LicenceFilter& filter) {
  if (!filter.company.empty() && !ContainsIgnoringAsciiCase(terms.company, filter.company)) {
    return false;
  }
  if (!filter.project.empty() && !ContainsIgnoringAsciiCase(terms.project, filter.project)) {
    return false;
  }
  if (!filter.order_id.empty() && record.order_id != filter.order_id) return false;
  if (filter.status && record.status != *filter.status) return false;
  if (filter.method && record.method != MethodName(*filter.method)) return false;
  if (!filter.machine_fingerprint.empty() &&
      !EqualIgnoringAsciiCase(record.machine_fingerprint, filter.machine_fingerprint)) {
    return false;
  }
  if (filter.ip && std::none_of(terms.ip_ranges.begin(), terms.ip_ranges.end(),
                                [&](const IpRange& range) { return range.Contains(*filter.ip); })) {
    return false;
  }
  if (filter.expires_before && !(terms.expires < *filter.expires_before)) return false;
  if (filter.expires_after && !(*filter.expires_after < terms.expires)) return false;
  return true;
}

}  // namespace

bool ContainsIgnoringAsciiCase(std::string_view text, std::string_view part) {
  if (part.empty()) return true;
  if (part.size() > text.size()) return false;
  for (std::size_t i = 0; i + part.size() <= text.size(); ++i) {
    if (EqualIgnoringAsciiCase(text.substr(i, part.size()), part)) return true;
  }
  return false;
}

Result<std::vector<FoundLicence>> FindLicences(Ledger& ledger, const LicenceFilter& filter) {
  FRLIC_ASSIGN_OR_RETURN(std::vector<LedgerRecord> records, ledger.List());
  std::vector<FoundLicence> found;
  for (LedgerRecord& record : records) {
    FRLIC_ASSIGN_OR_RETURN(Terms terms, RecordTerms(record));
    if (Matches(record, terms, filter)) found.push_back({std::move(record), std::move(terms)});
  }
  return found;
}

Result<OrderLicences> FindOrderLicences(Ledger& ledger, const std::string& order_id) {
  FRLIC_ASSIGN_OR_RETURN(std::vector<LedgerRecord> records, ledger.List());
  OrderLicences order;
  for (LedgerRecord& record : records) {
    if (record.order_id == order_id) order.records.push_back(std::move(record));
  }
  if (order.records.empty()) {
    return Error(ErrorCode::kNotFound, "no serial or order id " + order_id + " in the ledger");
  }
  auto live = std::find_if(order.records.rbegin(), order.records.rend(),
                           [](const auto& r) { return r.status != LicenceStatus::kAborted; });
  order.current = live != order.records.rend() ? *live : order.records.back();
  return order;
}

}  // namespace frlic
