// The JSON documents and digests of an image archive: see internal/archive_json.h.
#include "internal/archive_json.h"

#include <algorithm>

namespace frlic::image_internal {

std::string Digest(const std::string& hex) { return "sha256:" + hex; }

bool IsLowerHex64(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// "sha256:<64 lower-case hex>" -> the hex.
std::optional<std::string> DigestHex(std::string_view digest) {
  constexpr std::string_view kPrefix = "sha256:";
  if (digest.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view hex = digest.substr(kPrefix.size());
  if (!IsLowerHex64(hex)) return std::nullopt;
  return std::string(hex);
}

std::string Shown(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 120) text = text.substr(0, 120) + "...";
  return text;
}

Result<JsonEntry> FindJsonEntry(const TarEntries& entries, const std::string& name,
                                const std::string& named_by) {
  FRLIC_ASSIGN_OR_RETURN(std::string resolved, entries.ResolveFile(name, named_by));
  const TarEntry* entry = entries.Find(resolved);
  if (!entry->json) {
    if (entry->size > kMaxJsonEntry) {
      return Error(ErrorCode::kMalformed,
                   entries.path() + ": " + resolved + " (named by " + named_by + ") is " +
                       std::to_string(entry->size) +
                       " bytes; frlic reads image manifests and configs of at most 1 MiB");
    }
    return Error(ErrorCode::kMalformed, entries.path() + ": " + resolved + " (named by " +
                                            named_by + ") is not a JSON document");
  }
  return JsonEntry{resolved, entry};
}

}  // namespace frlic::image_internal
