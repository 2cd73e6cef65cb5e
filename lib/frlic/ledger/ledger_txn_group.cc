// LedgerTxn's group operations one record at a time: what a group call means, for a ledger
// with no faster way.
#include "frlic/ledger/ledger.h"

namespace frlic {

Result<std::vector<Status>> LedgerTxn::BeginIssueEach(
    const std::vector<const LedgerRecord*>& records) {
  std::vector<Status> statuses;
  statuses.reserve(records.size());
  for (const LedgerRecord* record : records) {
    Status begun = BeginIssue(*record);
    if (!begun.ok() && begun.error().code() != ErrorCode::kConflict)
      return std::move(begun).error();
    statuses.push_back(std::move(begun));
  }
  return statuses;
}

Status LedgerTxn::MarkPublishingAll(const std::vector<std::string>& serials) {
  for (const std::string& serial : serials) FRLIC_RETURN_IF_ERROR(MarkPublishing(serial));
  return Ok();
}

Status LedgerTxn::CompleteIssueAll(const std::vector<std::string>& serials) {
  for (const std::string& serial : serials) FRLIC_RETURN_IF_ERROR(CompleteIssue(serial));
  return Ok();
}

}  // namespace frlic
