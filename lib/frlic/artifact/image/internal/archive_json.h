// Internal to lib/frlic/image: the small JSON documents of an image archive (manifests,
// configs, index.json) as TarEntries kept them, and the sha256 digests they give.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "frlic/core/status.h"
#include "frlic/core/strict_json.h"
#include "tar_entries.h"

namespace frlic::image_internal {

// "sha256:<hex>".
std::string Digest(const std::string& hex);
// 64 lower-case hex digits.
bool IsLowerHex64(std::string_view text);
// "sha256:<64 lower-case hex>" -> the hex.
std::optional<std::string> DigestHex(std::string_view digest);

// A JSON value for an error message: compact, at most 120 bytes.
std::string Shown(const Json& value);

// A small JSON entry of the archive (a manifest, config, index), links followed.
struct JsonEntry {
  std::string name;  // resolved
  const TarEntry* entry = nullptr;
};

// The entry `name` (named by `named_by`, for messages) resolved to a regular file that
// TarEntries kept as JSON; kMalformed if it is missing, larger than kMaxJsonEntry or not JSON.
Result<JsonEntry> FindJsonEntry(const TarEntries& entries, const std::string& name,
                                const std::string& named_by);

}  // namespace frlic::image_internal
