#include "frlic/issue/revoke.h"

#include "frlic/core/strict_json.h"
#include "frlic/ledger/ledger.h"

namespace frlic {

Result<RevokeResult> Revoke(const std::string& serial, const std::string& reason,
                            const std::string& ledger_path, const Clock& clock) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error(ErrorCode::kInvalidInput, "revoking needs a reason",
                 "pass --reason TEXT (what business destroyed, and why)");
  }
  FRLIC_ASSIGN_OR_RETURN(auto ledger, Ledger::Open(ledger_path, clock));
  FRLIC_ASSIGN_OR_RETURN(auto record, ledger->FindBySerial(serial));
  if (!record) {
    return Error(ErrorCode::kNotFound, "the ledger " + ledger_path + " has no licence " + serial,
                 "see: frlic ledger list");
  }
  if (record->status != LicenceStatus::kActive) {
    return Error(ErrorCode::kConflict, serial + " is " + LicenceStatusName(record->status) +
                                           ", not active: only an active licence can be revoked");
  }
  FRLIC_RETURN_IF_ERROR(ledger->CompareAndSetStatus(serial, LicenceStatus::kActive,
                                                    LicenceStatus::kRevoked, "revoke",
                                                    Json{{"reason", reason}}.dump()));
  return RevokeResult{serial, record->method, clock.Now()};
}

}  // namespace frlic
