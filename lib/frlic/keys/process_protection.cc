#include "frlic/keys/process_protection.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace frlic {

Status ProtectProcessSecrets() {
  const rlimit none{0, 0};
  if (::setrlimit(RLIMIT_CORE, &none) != 0) {
    return Error(ErrorCode::kInternal,
                 std::string("cannot disable core dumps: ") + std::strerror(errno));
  }
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return Error(ErrorCode::kInternal,
                 std::string("cannot make the process non-dumpable: ") + std::strerror(errno));
  }
  return Ok();
}

}  // namespace frlic
