// libsodium's one-time initialisation, in one place.
#pragma once

namespace frlic {

// Initialises libsodium once per process (thread-safe; later calls cost one atomic load).
// sodium_init() fails only when the system offers no random source: there is no safe way on
// without one, so frlic aborts rather than sign, seal or generate anything. This is the one
// failure behaviour; every library function that uses libsodium calls this first.
void RequireSodium();

}  // namespace frlic
