// libarchive opened on first use (libarchive_on_demand.cc).
#pragma once

#include <string>

namespace frlic::image_internal {

// Opens libarchive.so.13, once per process. Returns "" when it is loaded, or what the dynamic
// loader said: the image module checks this before its first libarchive call and turns it
// into an Error, so the forwarders' own last resort (exit 127) is not reached.
std::string LoadLibarchive();

}  // namespace frlic::image_internal
