// The issuer's rules on the licence-server host of a private-cloud issue or reissue (manual
// 001, notes 3 and 4; docs/formats.md section 8.5, "One host, one key"). Checked with the
// ledger lock held, after the RIF is opened and before anything is signed or staged.
#pragma once

#include <string>

#include "frlic/core/status.h"
#include "frlic/ledger/ledger.h"
#include "frlic/machine/machine_info.h"

namespace frlic {

// The extra_json member that keeps the RIF's machine key: lower-case hex of its 32 bytes.
inline constexpr char kMachinePublicKeyMember[] = "machine_public_key";

// Refuses `machine` (read from `rif_path`) when
// - its machine key was already used by a private-cloud record that is not aborted (kRefused,
//   exit 7: manual 001, note 4, asks for a regenerated MachineInfo.rif); for a record that
//   predates keeping the key, a RIF of its host (fingerprint) created at or before that
//   record's issued_at counts as used; or
// - its fingerprint has a pending or active private-cloud licence other than `replacing`,
//   the licence a reissue consumes (kConflict, exit 8: note 3, one licence server per host).
// Both messages name the serial found and what the customer or business must do. A record
// whose extra_json does not parse as an object is kLedgerCorrupt.
Status CheckMachineIsFree(Ledger& ledger, const MachineInfo& machine, const std::string& rif_path,
                          const std::string& replacing = {});

}  // namespace frlic
