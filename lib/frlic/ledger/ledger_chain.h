// The ledger's hash chain and its checks, independent of the storage backend
// (the definition is at the top of ledger_chain.cc and in docs/formats.md, "Ledger").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frlic/core/status.h"
#include "frlic/core/strict_json.h"
#include "frlic/ledger/ledger.h"

namespace frlic::ledger_internal {

// prev_hash of the first event.
inline const std::string kGenesisHash(64, '0');

// The canonical JSON of an event, the bytes its hash covers after the prefix and prev_hash.
// kInvalidInput if a string is not UTF-8.
Result<std::string> CanonicalEventJson(std::int64_t seq, UnixSeconds at, std::string_view serial,
                                       std::string_view action, const Json& detail);
// hex(SHA-256("frlic-ledger-event-v1\n" + prev_hash + "\n" + canonical JSON)).
Result<std::string> EventHash(std::string_view prev_hash, std::int64_t seq, UnixSeconds at,
                              std::string_view serial, std::string_view action, const Json& detail);

// EventHash for an event as stored: `detail_json` is spliced into the canonical JSON as it is,
// so the result equals EventHash(..., parsed detail) exactly when `detail_json` is the
// canonical form, which is how the ledger stores every detail. A match with the stored hash
// therefore proves the stored text is the one hashed when the event was written; Verify then
// need not parse and re-serialise it. kInvalidInput if serial or action is not UTF-8.
Result<std::string> StoredEventHash(std::string_view prev_hash, std::int64_t seq, UnixSeconds at,
                                    std::string_view serial, std::string_view action,
                                    std::string_view detail_json);

// Parses a caller's event detail: a JSON object without duplicate keys or floating-point
// numbers (their text form is not canonical). kInvalidInput otherwise.
Result<Json> ParseEventDetail(std::string_view detail_json);

// The detail of a record's "begin-issue" event: every field of the record except its status,
// with terms as their SHA-256 (the record keeps the terms themselves), so that Verify can
// tell when a record's fields were edited after the fact.
Json BeginIssueDetail(const LedgerRecord& record);
// BeginIssueDetail(record).dump(), written directly (Verify compares it with every stored
// begin-issue: building each detail as a Json object was a quarter of `ledger verify` at
// 100,000 records). Members in std::map order (bytewise), as Json keeps them. Throws
// Json::exception for a field that is not UTF-8, as dump() does.
std::string BeginIssueDetailText(const LedgerRecord& record);

// The status an event leaves its record in: detail.status; for the issue steps it must also
// be the one the action implies. nullopt (and `why` set) when it is missing or inconsistent.
std::optional<LicenceStatus> StatusAfter(std::string_view action, const Json& detail,
                                         std::string* why);

// The lifecycle actions that only the issue steps write.
inline constexpr std::string_view kBeginIssueAction = "begin-issue";
inline constexpr std::string_view kIssueAction = "issue";
inline constexpr std::string_view kAbortAction = "abort";
// Written just before the artifact is renamed into place (status stays pending): from then on
// the artifact may have been handed out, so recovery aborts the record only while its staged
// file is still there.
inline constexpr std::string_view kPublishAction = "publish";
// Written with the abort of a replacement: the licence it replaced gets back the status it had
// before the replacement consumed its evidence ("reason", "aborted_replacement").
inline constexpr std::string_view kRestoreAction = "restore";
inline bool IsIssueStepAction(std::string_view action) {
  return action == kBeginIssueAction || action == kIssueAction || action == kAbortAction ||
         action == kPublishAction || action == kRestoreAction;
}

// Account events: written only by CreateAccount and SetAccountStatus, in the history of the
// account's licence record. Their "status" is the record's status, which they do not change;
// "account" names the account and "account_status" is its status after the event.
inline constexpr std::string_view kAccountActionPrefix = "account-";
inline constexpr std::string_view kAccountCreateAction = "account-create";
inline bool IsAccountAction(std::string_view action) {
  return action.starts_with(kAccountActionPrefix);
}

// The detail of an account's "account-create" event, without "status" (the record's status,
// added when the event is written): {"account", "account_status", "capacity", "created_at",
// "expires", "password_hash_sha256"}, so that Verify can tell when an account's row was edited.
Json AccountCreateDetail(const Account& account);

// Every problem found in events (ordered by seq), records and accounts, as the ChainReport
// describes.
// `vouched`, when given, is set to one flag per record: true when its begin-issue event is
// authentic (its hash verifies) and records exactly the record's fields, so that its stored
// values are the ones BeginIssue checked and Verify need not parse its JSON columns again.
ChainReport CheckChain(const std::vector<LedgerEvent>& events,
                       const std::vector<LedgerRecord>& records,
                       const std::vector<Account>& accounts = {},
                       std::vector<bool>* vouched = nullptr);

}  // namespace frlic::ledger_internal
