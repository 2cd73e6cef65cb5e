// libpq opened on first use (libpq_on_demand.cc).
#pragma once

#include <string>

namespace frlic::sql {

// Opens libpq.so.5 and finds every function the driver calls, once per process. Returns ""
// when it is ready, or what the dynamic loader said (the driver turns it into an Error).
std::string LoadLibpq();

}  // namespace frlic::sql
