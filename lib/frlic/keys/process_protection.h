// While a private key or passphrase is in memory, the process must not leave a copy behind: no
// core file (a crash would write the unlocked key to disk) and not dumpable (no ptrace by
// other processes of the same user, /proc/PID/mem and /proc/PID/environ readable only by root).
#pragma once

#include "frlic/core/status.h"

namespace frlic {

// Sets RLIMIT_CORE to 0 (soft and hard) and PR_SET_DUMPABLE to 0, for the rest of the
// process's life. Idempotent; the keyring calls it before it decrypts a key or makes one, and
// the CLI before it reads a passphrase. kInternal if the kernel refuses.
Status ProtectProcessSecrets();

}  // namespace frlic
