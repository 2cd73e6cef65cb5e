#include "frlic/ledger/ledger.h"

namespace frlic {

const char* LicenceStatusName(LicenceStatus status) {
  switch (status) {
    case LicenceStatus::kPending:
      return "pending";
    case LicenceStatus::kActive:
      return "active";
    case LicenceStatus::kDestroyed:
      return "destroyed";
    case LicenceStatus::kRevoked:
      return "revoked";
    case LicenceStatus::kSuperseded:
      return "superseded";
    case LicenceStatus::kAborted:
      return "aborted";
  }
  return "unknown";
}

std::optional<LicenceStatus> ParseLicenceStatus(std::string_view name) {
  for (LicenceStatus status :
       {LicenceStatus::kPending, LicenceStatus::kActive, LicenceStatus::kDestroyed,
        LicenceStatus::kRevoked, LicenceStatus::kSuperseded, LicenceStatus::kAborted}) {
    if (name == LicenceStatusName(status)) return status;
  }
  return std::nullopt;
}

}  // namespace frlic
