// The privateConfig checks, against the ledger or inside a ledger transaction (reissue
// re-judges inside the transaction that supersedes the old licence).
#pragma once

#include <string>

#include "frlic/core/bytes.h"
#include "frlic/issue/issue.h"
#include "frlic/ledger/ledger.h"

namespace frlic {

// Source is Ledger or LedgerTxn (both provide FindBySerial and FindReplacement).
template <typename Source>
Result<PrivateConfigVerdict> JudgePrivateConfig(Source& source, ByteView bytes,
                                                const std::string& file, UnixSeconds now);

}  // namespace frlic
