// What the fuzz targets share: the example keyring (loaded once per process), a temp file for
// the readers that take a path, and the oracle every target applies beside "no crash": a
// refusal always says why (a non-empty message), and an accepted input reads back the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/keyring.h"

namespace frlic::fuzz {

inline std::string_view Text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}
inline ByteView View(const std::uint8_t* data, std::size_t size) { return {data, size}; }

// Prints `what` to stderr and aborts: libFuzzer (and the replay test) report it as a crash.
[[noreturn]] void Fail(std::string_view what);

// Aborts unless a refusal explains itself (a user-caused error names what is wrong).
void RequireExplained(const Error& error, std::string_view reader);
template <typename T>
bool Accepted(const Result<T>& result, std::string_view reader) {
  if (!result.ok()) RequireExplained(result.error(), reader);
  return result.ok();
}

// Writes the input to this process's temp file (under $TMPDIR, removed at exit) and returns
// its path, for readers that only take a path.
const std::string& InputFile(const std::uint8_t* data, std::size_t size);

// keys-example/ copied to a temp directory with the modes frlic requires, loaded once.
const Keyring& ExampleKeyring();
// The example keyring's RIF key, unlocked once (the key derivation is slow on purpose).
const RifKey& ExampleRifKey();

}  // namespace frlic::fuzz
