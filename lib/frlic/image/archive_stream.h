// Internal to lib/frlic/image: libarchive behind RAII, and the bytes of one tar entry as a
// stream of blocks, gzip-decompressed when the entry starts with the gzip magic (1f 8b). The
// decompression is libarchive's too: a second reader (raw format, gzip filter) whose read
// callback pulls the entry's stored blocks from the outer reader, so no entry is ever held
// in memory.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/status.h"

namespace frlic::image_internal {

// Reads from disk in blocks this large: few read calls, and skipping an entry of an
// uncompressed tar is a seek.
inline constexpr std::size_t kReadBlockSize = 1 << 20;

struct ArchiveFree {
  void operator()(archive* a) const { archive_free(a); }  // a reader or a writer
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

struct ArchiveEntryFree {
  void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};
using ArchiveEntryPtr = std::unique_ptr<archive_entry, ArchiveEntryFree>;

// libarchive's message for the last error on `a` (never empty).
std::string ArchiveMessage(archive* a);

// Opens `path` as a tar, plain or gzip-compressed. A missing file is kNotFound, a directory
// or other non-regular file kMalformed, an unreadable one kIo.
Result<ArchivePtr> OpenTarFile(const std::string& path);

// Opens `path` (as OpenTarFile) and reads up to the header of the regular entry `name`, so
// that its data comes next. kMalformed if there is no such entry any more.
Result<ArchivePtr> OpenTarAtEntry(const std::string& path, const std::string& name);

// Normalises a path relative to the archive's root ("./a/./b//c/" -> "a/b/c"; "a/../b" -> "b"
// if `allow_parent`). nullopt if it is absolute, has a ".." component (or, if `allow_parent`,
// climbs above the root) or holds a NUL.
std::optional<std::string> NormalisePath(std::string_view path, bool allow_parent);

// The entry's path, normalised without "..": nullopt if it has one, is absolute or cannot be
// decoded. The root ("./") is "".
std::optional<std::string> EntryName(archive_entry* entry);

// The data of the current entry of `outer`, as blocks. Each block stays valid until the next
// call to Next(), DrainStored() or Skip(). Errors are kMalformed and name `archive_path` and
// `entry`.
class EntryStream {
 public:
  EntryStream(archive* outer, std::string archive_path, std::string entry);
  EntryStream(const EntryStream&) = delete;
  EntryStream& operator=(const EntryStream&) = delete;
  ~EntryStream();

  // Called with every stored (possibly compressed) block as it is read from the outer archive.
  void ObserveStored(std::function<void(ByteView)> observer) { observer_ = std::move(observer); }

  // Whether the entry starts with the gzip magic; reads the first stored block(s).
  Result<bool> IsGzip();

  // The next block of the entry's content: decompressed if IsGzip(), as stored otherwise.
  // An empty block at the end.
  Result<ByteView> Next();

  // Reads (and observes) whatever stored bytes are left, e.g. after the gzip stream ends.
  Status DrainStored();

  // Skips the rest of the entry without reading it (a seek on an uncompressed tar). The
  // observer does not see the skipped bytes.
  Status Skip();

  std::uint64_t stored_bytes() const { return stored_bytes_; }

 private:
  Result<ByteView> ReadStored();  // the next block from the outer archive, observed
  Result<ByteView> NextStored();  // pending_ first, then ReadStored()
  Result<ByteView> NextInflated();
  static la_ssize_t InnerRead(archive* inner, void* self, const void** buffer);

  archive* outer_;
  std::string archive_path_;
  std::string entry_;
  std::function<void(ByteView)> observer_;
  std::optional<bool> gzip_;
  std::string prefix_;      // the first stored bytes, copied only if the first block was tiny
  ByteView pending_;        // a stored block read ahead by IsGzip(), not yet handed out
  bool stored_end_ = false;
  std::uint64_t stored_bytes_ = 0;
  ArchivePtr inner_;        // the gzip decompressor, once needed
  bool inner_started_ = false;
  std::optional<Error> inner_error_;  // an error of ours, raised inside the read callback
};

}  // namespace frlic::image_internal
