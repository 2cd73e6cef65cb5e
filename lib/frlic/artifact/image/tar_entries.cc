#include "internal/tar_entries.h"

#include <vector>

#include "frlic/core/bytes.h"
#include "internal/archive_stream.h"
#include "internal/hash_worker.h"

namespace frlic::image_internal {
namespace {

constexpr int kMaxLinkHops = 40;

bool LooksLikeJson(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{' || c == '[';
  }
  return false;
}

std::string Quoted(const char* raw) {
  std::string text = raw == nullptr ? "" : raw;
  if (text.size() > 200) text = text.substr(0, 200) + "...";
  return "\"" + text + "\"";
}

// Records a regular entry: hashes it (and its decompressed stream), keeps it if small JSON.
// The stored bytes are hashed by `stored` on its thread while the next ones are read.
Status ScanFile(const TarReader& reader, const std::string& path, const std::string& name,
                bool hash_large_entries, HashWorker& stored, TarEntry& entry) {
  EntryStream stream(reader, path, name);
  std::string small;
  const bool is_small = entry.size <= kMaxJsonEntry;
  stream.ObserveStored([&](const Block& block) {
    stored.Post(block);
    if (is_small) small.append(AsText(block.bytes));
  });
  FRLIC_ASSIGN_OR_RETURN(entry.gzip, stream.IsGzip());
  if (entry.gzip) {
    Sha256Stream uncompressed;
    while (true) {
      FRLIC_ASSIGN_OR_RETURN(Block block, stream.Next());
      if (block.bytes.empty()) break;
      uncompressed.Update(block.bytes);
      entry.uncompressed_size += block.bytes.size();
    }
    entry.uncompressed_sha256 = uncompressed.FinishHex();
  }
  if (!entry.gzip && !is_small && !hash_large_entries) {
    stored.FinishHex();  // discards the first block's
    return stream.Skip();
  }
  FRLIC_RETURN_IF_ERROR(stream.DrainStored());
  entry.sha256 = stored.FinishHex();
  if (stream.stored_bytes() != entry.size) {
    return Error(ErrorCode::kMalformed, path + " is truncated or not a tar archive: entry " + name +
                                            " holds " + std::to_string(stream.stored_bytes()) +
                                            " bytes but its header says " +
                                            std::to_string(entry.size));
  }
  entry.hashed = true;
  if (is_small && LooksLikeJson(small)) entry.json = std::move(small);
  return Ok();
}

}  // namespace

Result<TarEntries> TarEntries::Scan(const std::string& path, bool hash_large_entries) {
  FRLIC_ASSIGN_OR_RETURN(TarReader reader, TarReader::Open(path));
  archive* a = reader.get();
  HashWorker stored;
  TarEntries entries(path);
  std::uint64_t json_total = 0;
  while (true) {
    archive_entry* header = nullptr;
    int rc = archive_read_next_header(a, &header);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      return Error(ErrorCode::kMalformed,
                   path + " is truncated or not a tar archive: " + ArchiveMessage(a));
    }
    auto name = EntryName(header);
    if (!name) {
      return Error(ErrorCode::kMalformed, path + ": entry " +
                                              Quoted(archive_entry_pathname(header)) +
                                              " leaves the archive (an absolute path or a .. "
                                              "component)");
    }
    TarEntry entry;
    if (const char* target = archive_entry_hardlink(header); target != nullptr) {
      auto normalised = NormalisePath(target, /*allow_parent=*/false);
      if (!normalised || normalised->empty()) {
        return Error(ErrorCode::kMalformed, path + ": hard link " + *name + " -> " +
                                                Quoted(target) + " leaves the archive");
      }
      entry.kind = TarEntry::Kind::kHardlink;
      entry.link = *normalised;
    } else {
      switch (archive_entry_filetype(header)) {
        case AE_IFREG:
          entry.kind = TarEntry::Kind::kFile;
          break;
        case AE_IFDIR:
          entry.kind = TarEntry::Kind::kDirectory;
          break;
        case AE_IFLNK: {
          entry.kind = TarEntry::Kind::kSymlink;
          const char* target = archive_entry_symlink_utf8(header);
          if (target == nullptr) target = archive_entry_symlink(header);
          entry.link = target == nullptr ? "" : target;
          break;
        }
        default:
          entry.kind = TarEntry::Kind::kOther;
          break;
      }
    }
    if (name->empty()) {
      if (entry.kind == TarEntry::Kind::kDirectory) continue;  // "./", the root
      return Error(ErrorCode::kMalformed, path + ": an entry has an empty name");
    }
    if (auto it = entries.entries_.find(*name); it != entries.entries_.end()) {
      if (it->second.kind == TarEntry::Kind::kDirectory &&
          entry.kind == TarEntry::Kind::kDirectory) {
        continue;
      }
      return Error(ErrorCode::kMalformed, path + " holds two entries named " + *name);
    }
    if (entry.kind == TarEntry::Kind::kFile) {
      entry.size = archive_entry_size_is_set(header)
                       ? static_cast<std::uint64_t>(archive_entry_size(header))
                       : 0;
      FRLIC_RETURN_IF_ERROR(ScanFile(reader, path, *name, hash_large_entries, stored, entry));
      if (entry.json) {
        json_total += entry.json->size();
        if (json_total > kMaxJsonTotal) {
          return Error(ErrorCode::kMalformed,
                       path + " holds more than " + std::to_string(kMaxJsonTotal >> 20) +
                           " MiB of small JSON documents; an image archive holds a few");
        }
      }
    }
    entries.entries_.emplace(std::move(*name), std::move(entry));
  }
  return entries;
}

const TarEntry* TarEntries::Find(const std::string& name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second;
}

Result<std::string> TarEntries::ResolveFile(const std::string& name,
                                            const std::string& named_by) const {
  auto normalised = NormalisePath(name, /*allow_parent=*/false);
  if (!normalised || normalised->empty()) {
    return Error(ErrorCode::kMalformed,
                 path_ + ": " + named_by + " names \"" + name + "\", which leaves the archive");
  }
  auto leaves = [&](const std::string& link, const std::string& target) {
    return Error(ErrorCode::kMalformed, path_ + ": link " + link + " -> " + target + " (named by " +
                                            named_by + ") leaves the archive");
  };
  // The path after following the first link among the components of `path`, or nullopt if
  // none of them is a link.
  auto follow_first_link = [&](const std::string& path) -> Result<std::optional<std::string>> {
    for (std::size_t from = 0; from != std::string::npos;) {
      std::size_t stop = path.find('/', from);
      std::string candidate = path.substr(0, stop);
      std::string rest = stop == std::string::npos ? std::string() : path.substr(stop + 1);
      from = stop == std::string::npos ? stop : stop + 1;
      const TarEntry* entry = Find(candidate);
      if (entry == nullptr) continue;
      if (entry->kind == TarEntry::Kind::kHardlink) {
        return std::optional<std::string>(rest.empty() ? entry->link : entry->link + "/" + rest);
      }
      if (entry->kind != TarEntry::Kind::kSymlink) continue;
      if (entry->link.empty() || entry->link.front() == '/') return leaves(candidate, entry->link);
      std::size_t slash = candidate.rfind('/');
      std::string joined =
          slash == std::string::npos ? entry->link : candidate.substr(0, slash + 1) + entry->link;
      if (!rest.empty()) joined += "/" + rest;
      auto resolved = NormalisePath(joined, /*allow_parent=*/true);
      if (!resolved || resolved->empty()) return leaves(candidate, entry->link);
      return std::optional<std::string>(*resolved);
    }
    return std::optional<std::string>();
  };

  std::string current = *normalised;
  for (int hops = 0;; ++hops) {
    if (hops > kMaxLinkHops) {
      return Error(ErrorCode::kMalformed,
                   path_ + ": the links from " + name + " (named by " + named_by + ") loop");
    }
    FRLIC_ASSIGN_OR_RETURN(std::optional<std::string> next, follow_first_link(current));
    if (!next) break;
    current = std::move(*next);
  }
  const TarEntry* entry = Find(current);
  if (entry == nullptr) {
    std::string via = current == *normalised ? "" : " (via links, " + current + ")";
    return Error(ErrorCode::kMalformed,
                 path_ + ": " + named_by + " names " + name + via + ", which is not in it");
  }
  if (entry->kind != TarEntry::Kind::kFile) {
    return Error(ErrorCode::kMalformed,
                 path_ + ": " + named_by + " names " + name + ", which is not a regular file");
  }
  return current;
}

}  // namespace frlic::image_internal
