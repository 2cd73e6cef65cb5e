// What every file-writing issue (and reissue) opens before the passphrase is asked for: the
// keyring, the ledger under the issue lock (with dead runs' pending records recovered), and
// the artifact's final path, checked free.
#pragma once

#include <memory>
#include <string>

#include "frlic/core/clock.h"
#include "frlic/core/files.h"
#include "frlic/core/status.h"
#include "frlic/issue/issue.h"
#include "frlic/keys/keyring.h"
#include "frlic/ledger/ledger.h"
#include "frlic/order/order.h"

namespace frlic {

// "FRL-" and 16 upper-case hex digits (64 random bits); uniqueness is enforced by the ledger.
std::string NewSerial(Random& random);

struct Session {
  Keyring keyring;
  std::unique_ptr<Ledger> ledger;
  FileLock lock;     // held for the whole issue
  std::string path;  // the artifact's final path
};

// kRefused when the artifact's file exists and request.force is not set.
Result<Session> OpenSession(const IssueRequest& request, Method method, const Clock& clock);

Overwrite OverwriteOf(const IssueRequest& request);

}  // namespace frlic
