// Revoke: business records that it destroyed a licence (a moved container component's, before
// its reissue).
#pragma once

#include <string>

#include "frlic/core/clock.h"
#include "frlic/core/status.h"

namespace frlic {

struct RevokeResult {
  std::string serial;
  std::string method;
  UnixSeconds revoked_at = 0;
};

// Records that business destroyed licence `serial` (active -> revoked, with the reason in the
// event log). kNotFound for an unknown serial, kConflict when it is not active.
Result<RevokeResult> Revoke(const std::string& serial, const std::string& reason,
                            const std::string& ledger_path, const Clock& clock);

}  // namespace frlic
