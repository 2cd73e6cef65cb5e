// Internal to lib/frlic/image: the one sequential pass over an image archive. Every entry is
// recorded with its kind, size and link target; regular entries are hashed as they stream by
// (which entries are layers is only known from manifest.json, which docker < 25 writes last);
// gzip entries are decompressed on the fly for their uncompressed digest and size; small
// entries that may be JSON (manifests, configs, index.json) are kept, under a total cap.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "frlic/core/status.h"

namespace frlic::image_internal {

inline constexpr std::uint64_t kMaxJsonEntry = 1 << 20;  // a manifest or config, at most
inline constexpr std::uint64_t kMaxJsonTotal = 8 << 20;  // all of them together

struct TarEntry {
  enum class Kind { kFile, kDirectory, kSymlink, kHardlink, kOther };
  Kind kind = Kind::kOther;
  std::string link;        // a symlink's target as stored; a hardlink's target, normalised
  std::uint64_t size = 0;  // stored bytes
  // Set for every regular entry unless it is larger than kMaxJsonEntry, not gzip, and the
  // scan was told not to hash large entries.
  bool hashed = false;
  std::string sha256;  // hex of the stored bytes
  bool gzip = false;   // starts with 1f 8b; then always hashed
  std::string uncompressed_sha256;
  std::uint64_t uncompressed_size = 0;
  std::optional<std::string> json;  // the bytes, if small and starting with '{' or '['
};

class TarEntries {
 public:
  // Reads `path` once, start to end. kMalformed if it is not a tar (plain or gzip-compressed),
  // is truncated, holds an entry whose name leaves the archive or two entries of one name,
  // or more JSON-like small entries than kMaxJsonTotal.
  static Result<TarEntries> Scan(const std::string& path, bool hash_large_entries);

  const std::string& path() const { return path_; }
  const TarEntry* Find(const std::string& name) const;

  // Follows symbolic links (relative to the link's directory, in any component) and hard
  // links (relative to the archive's root) from `name` to a regular file's entry name.
  // kMalformed naming `named_by` if there is none, a link leaves the archive, or links loop.
  Result<std::string> ResolveFile(const std::string& name, const std::string& named_by) const;

 private:
  explicit TarEntries(std::string path) : path_(std::move(path)) {}
  std::string path_;
  std::map<std::string, TarEntry> entries_;
};

}  // namespace frlic::image_internal
