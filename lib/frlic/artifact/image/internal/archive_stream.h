// Internal to lib/frlic/image: libarchive behind RAII, and the bytes of one tar entry as a
// stream of blocks, gzip-decompressed when the entry starts with the gzip magic (1f 8b). The
// decompression is libarchive's too: a second reader (raw format, gzip filter) whose read
// callback pulls the entry's stored blocks from the outer reader, so no entry is ever held
// in memory.
//
// The archive file is read into a small ring of 1 MiB buffers and libarchive hands out blocks
// that point into them (no copy). A block can be kept past the next read, e.g. by a hashing
// thread, by holding its owner: the ring does not refill a buffer while a block in it is held.
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

// Before the first libarchive call: kNotFound, naming the package, when libarchive.so.13 (opened
// on first use) cannot be loaded.
Status RequireLibarchive();

// A block of bytes and, if it may be kept after the call that produced it, what keeps it.
struct Block {
  ByteView bytes;
  std::shared_ptr<const void> owner;  // null: valid only until the next read
};

// libarchive's message for the last error on `a` (never empty).
std::string ArchiveMessage(archive* a);

class RingFileSource;

// A tar file (plain or gzip-compressed) open for reading.
class TarReader {
 public:
  // A missing file is kNotFound, a directory or other non-regular file kMalformed, a file
  // that is not a tar kMalformed, an unreadable one kIo.
  static Result<TarReader> Open(const std::string& path);
  // Open, then read up to the header of the regular entry `name`, so that its data comes
  // next. kMalformed if there is no such entry any more.
  static Result<TarReader> OpenAtEntry(const std::string& path, const std::string& name);

  TarReader(TarReader&&) noexcept;
  TarReader& operator=(TarReader&&) noexcept;
  ~TarReader();

  archive* get() const { return archive_.get(); }
  // What keeps `bytes` (from archive_read_data_block) valid, or null if they are not in the
  // ring (libarchive's own buffers: a gzip-compressed archive).
  std::shared_ptr<const void> OwnerOf(ByteView bytes) const;

 private:
  TarReader(std::shared_ptr<RingFileSource> source, ArchivePtr archive);
  std::shared_ptr<RingFileSource> source_;
  ArchivePtr archive_;  // declared last: freed first
};

// Normalises a path relative to the archive's root ("./a/./b//c/" -> "a/b/c"; "a/../b" -> "b"
// if `allow_parent`). nullopt if it is absolute, has a ".." component (or, if `allow_parent`,
// climbs above the root) or holds a NUL.
std::optional<std::string> NormalisePath(std::string_view path, bool allow_parent);

// The entry's path, normalised without "..": nullopt if it has one, is absolute or cannot be
// decoded. The root ("./") is "".
std::optional<std::string> EntryName(archive_entry* entry);

// The data of the current entry of `reader`, as blocks. A block stays valid until the next
// call to Next(), DrainStored() or Skip(), or while its owner is held. Errors are kMalformed
// and name `archive_path` and `entry`.
class EntryStream {
 public:
  EntryStream(const TarReader& reader, std::string archive_path, std::string entry);
  EntryStream(const EntryStream&) = delete;
  EntryStream& operator=(const EntryStream&) = delete;
  ~EntryStream();

  // Called with every stored (possibly compressed) block as it is read from the archive.
  void ObserveStored(std::function<void(const Block&)> observer) {
    observer_ = std::move(observer);
  }

  // Whether the entry starts with the gzip magic; reads the first stored block(s).
  Result<bool> IsGzip();

  // The next block of the entry's content: decompressed if IsGzip(), as stored otherwise.
  // An empty block at the end.
  Result<Block> Next();

  // Reads (and observes) whatever stored bytes are left, e.g. after the gzip stream ends.
  Status DrainStored();

  // Skips the rest of the entry without reading it (a seek on an uncompressed tar). The
  // observer does not see the skipped bytes.
  Status Skip();

  std::uint64_t stored_bytes() const { return stored_bytes_; }

 private:
  Result<Block> ReadStored();  // the next block from the outer archive, observed
  Result<Block> NextStored();  // pending_ first, then ReadStored()
  Result<Block> NextInflated();
  static la_ssize_t InnerRead(archive* inner, void* self, const void** buffer);

  const TarReader& reader_;
  std::string archive_path_;
  std::string entry_;
  std::function<void(const Block&)> observer_;
  std::optional<bool> gzip_;
  std::string prefix_;  // the first stored bytes, copied only if the first block was tiny
  Block pending_;       // a stored block read ahead by IsGzip(), not yet handed out
  bool stored_end_ = false;
  std::uint64_t stored_bytes_ = 0;
  ArchivePtr inner_;  // the gzip decompressor, once needed
  bool inner_started_ = false;
  std::optional<Error> inner_error_;  // an error of ours, raised inside the read callback
};

}  // namespace frlic::image_internal
