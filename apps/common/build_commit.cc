// Its own small file: the one that changes with every commit, so a new commit recompiles only
// this (apps/CMakeLists.txt gives it FRLIC_COMMIT).
#include "build_commit.h"

namespace frlic::app {

const char* BuildCommit() { return FRLIC_COMMIT; }

}  // namespace frlic::app
