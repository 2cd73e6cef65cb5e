// Reissue: a replacement licence for one whose server or component moved, accepted against
// the customer's evidence that the old one is gone.
#pragma once

#include <string>

#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/issue/issue.h"

namespace frlic {

struct ReissueRequest {
  std::string receipt_path;         // private cloud: the destroyed server's receipt.fr
  std::string private_config_path;  // container private cloud: the old component's privateConfig
  IssueRequest issue;  // keys, ledger, out dir, force, rif_path (the NEW machine), sources
};

// Private cloud (receipt_path): verifies the receipt, then in one ledger transaction consumes
// it (old licence destroyed, recording the receipt) and records the new package with the same
// terms, bound to the new machine (lineage old -> new).
// Container private cloud (private_config_path): verifies the privateConfig (signed by the
// instance key the ledger holds, licence revoked, not reissued), then in one transaction marks
// the old licence superseded and records the new image with the same terms.
// Either evidence is accepted once, also when two reissues race. kRefused with the verdict's
// message when it is not valid.
Result<IssueResult> Reissue(const ReissueRequest& request, const Passphrase& passphrase,
                            const Clock& clock, Random& random);

}  // namespace frlic
