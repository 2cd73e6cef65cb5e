// The receipt checks, against the ledger or inside a ledger transaction (reissue re-judges
// inside the transaction that consumes the receipt, so two racing reissues cannot both pass).
#pragma once

#include <string>

#include "frlic/core/bytes.h"
#include "frlic/issue/issue.h"
#include "frlic/ledger/ledger.h"

namespace frlic {

// Source is Ledger or LedgerTxn (both provide FindBySerial and FindReplacement).
template <typename Source>
Result<ReceiptVerdict> JudgeReceipt(Source& source, ByteView bytes, const std::string& file,
                                    UnixSeconds now);

}  // namespace frlic
