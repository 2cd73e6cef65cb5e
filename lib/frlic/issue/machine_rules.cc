// Two rules of manual 001 on the licence-server host, checked against the ledger before a
// package is built (frlic/issue/machine_rules.h).
#include "frlic/issue/machine_rules.h"

#include "frlic/core/bytes.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/order/order.h"

namespace frlic {
namespace {

// The machine key a record's extra_json keeps; "" for records written before it was kept.
// A damaged extra_json is kLedgerCorrupt: skipping it would let a used key through.
Result<std::string> RecordedMachineKey(const LedgerRecord& record) {
  auto extra = ParseStrictJson(record.extra_json.empty() ? "{}" : record.extra_json, "extra_json");
  const std::string where = "ledger record " + record.serial + ": extra_json ";
  if (!extra.ok()) {
    return Error(ErrorCode::kLedgerCorrupt, where + "does not parse: " + extra.error().message());
  }
  if (!extra->is_object()) {
    return Error(ErrorCode::kLedgerCorrupt, where + "is not a JSON object");
  }
  auto key = extra->find(kMachinePublicKeyMember);
  if (key == extra->end()) return std::string();
  if (!key->is_string()) {
    return Error(ErrorCode::kLedgerCorrupt,
                 where + "member " + kMachinePublicKeyMember + " is not a string");
  }
  return key->get<std::string>();
}

std::string Described(const LedgerRecord& record) {
  return record.serial + " (order " + record.order_id + ", " + LicenceStatusName(record.status) +
         ", issued " + FormatInstant(record.issued_at) + ")";
}

}  // namespace

Status CheckMachineIsFree(Ledger& ledger, const MachineInfo& machine, const std::string& rif_path,
                          const std::string& replacing) {
  FRLIC_ASSIGN_OR_RETURN(std::vector<LedgerRecord> records, ledger.List());
  const std::string key = HexEncode(ByteView(machine.machine_public_key().bytes()));
  // One server per host first: a second order for the same RIF is that, not a key reuse.
  for (const LedgerRecord& record : records) {
    if (record.method != MethodName(Method::kPrivateCloud) || record.serial == replacing) continue;
    if (record.status != LicenceStatus::kActive && record.status != LicenceStatus::kPending) {
      continue;
    }
    if (record.machine_fingerprint == machine.fingerprint()) {
      return Error(
          ErrorCode::kConflict,
          rif_path + ": the host of this MachineInfo.rif (fingerprint " + machine.fingerprint() +
              ") already runs licence " + Described(record) +
              "; manual 001: \"A single authorization server is not allowed to run two private "
              "cloud authentication programs\"",
          "to move that licence, the customer destroys it on the host (server -destroy) and "
          "sends receipt.fr with a regenerated MachineInfo.rif for: frlic reissue --receipt "
          "receipt.fr --rif MachineInfo.rif; to end it instead, business runs: frlic revoke " +
              record.serial +
              " --reason TEXT, and the customer sends a regenerated MachineInfo.rif");
    }
  }
  for (const LedgerRecord& record : records) {
    if (record.method != MethodName(Method::kPrivateCloud)) continue;
    if (record.status == LicenceStatus::kAborted) continue;  // its package never went out
    FRLIC_ASSIGN_OR_RETURN(std::string recorded, RecordedMachineKey(record));
    // A record written before the key was kept: the RIF it was issued for existed when it was
    // issued, so a RIF of that host created then or earlier may be that one; a regenerated RIF
    // is created later.
    const bool maybe_same = recorded.empty() &&
                            record.machine_fingerprint == machine.fingerprint() &&
                            machine.created_at() <= record.issued_at;
    if (recorded == key || maybe_same) {
      return Error(ErrorCode::kRefused,
                   rif_path + ": this MachineInfo.rif was already used for licence " +
                       Described(record) + "; its machine key must not be used for another licence",
                   "manual 001: \"If you need to use the same machine as the authorization "
                   "server after uninstalling the authorization server program, you must "
                   "regenerate the MachineInfo.rif file and send it to business personnel\": "
                   "the customer uninstalls the server (server -destroy), runs the machine tool "
                   "on the host again to regenerate MachineInfo.rif, and sends the new file");
    }
  }
  return Ok();
}

}  // namespace frlic
