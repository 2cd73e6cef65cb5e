#include "internal/archive_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

#include "libarchive_on_demand.h"

namespace frlic::image_internal {

Status RequireLibarchive() {
  const std::string why = LoadLibarchive();
  if (why.empty()) return Ok();
  return Error(ErrorCode::kNotFound, "cannot load libarchive, which container images need: " + why,
               "install it: apt-get install libarchive13");
}
namespace {

Error Truncated(const std::string& archive_path, const std::string& entry, archive* a) {
  return Error(ErrorCode::kMalformed, archive_path + " is truncated or not a tar archive: " +
                                          ArchiveMessage(a) + " (in entry " + entry + ")");
}

}  // namespace

std::string ArchiveMessage(archive* a) {
  const char* message = archive_error_string(a);
  if (message != nullptr && *message != '\0') return message;
  return "libarchive error " + std::to_string(archive_errno(a));
}

// The archive file, read into a ring of buffers for libarchive (archive_read_open callbacks).
class RingFileSource : public std::enable_shared_from_this<RingFileSource> {
 public:
  static constexpr std::size_t kSlots = 4;

  RingFileSource(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  RingFileSource(const RingFileSource&) = delete;
  RingFileSource& operator=(const RingFileSource&) = delete;
  ~RingFileSource() {
    if (fd_ >= 0) ::close(fd_);
  }

  static la_ssize_t Read(archive* a, void* self, const void** buffer) {
    return static_cast<RingFileSource*>(self)->Read(a, buffer);
  }
  static la_int64_t Skip(archive* /*a*/, void* self, la_int64_t request) {
    return static_cast<RingFileSource*>(self)->Skip(request);
  }
  static int Close(archive* /*a*/, void* self) {
    auto* source = static_cast<RingFileSource*>(self);
    if (source->fd_ >= 0) ::close(std::exchange(source->fd_, -1));
    return ARCHIVE_OK;
  }

  std::shared_ptr<const void> OwnerOf(ByteView bytes) {
    const auto* begin = bytes.data();
    for (std::size_t i = 0; i < kSlots; ++i) {
      const std::uint8_t* data = slots_[i].data.get();
      if (data == nullptr || begin < data || begin + bytes.size() > data + kReadBlockSize) {
        continue;
      }
      {
        std::lock_guard lock(mutex_);
        ++slots_[i].holds;
      }
      return std::shared_ptr<const void>(data, [self = shared_from_this(), i](const void*) {
        {
          std::lock_guard lock(self->mutex_);
          --self->slots_[i].holds;
        }
        self->released_.notify_all();
      });
    }
    return nullptr;
  }

 private:
  struct Slot {
    std::unique_ptr<std::uint8_t[]> data;
    int holds = 0;  // blocks in it still held; guarded by mutex_
  };

  la_ssize_t Read(archive* a, const void** buffer) {
    Slot& slot = slots_[next_];
    next_ = (next_ + 1) % kSlots;
    {
      std::unique_lock lock(mutex_);
      released_.wait(lock, [&] { return slot.holds == 0; });
    }
    if (!slot.data) slot.data = std::make_unique_for_overwrite<std::uint8_t[]>(kReadBlockSize);
    while (true) {
      ssize_t n = ::read(fd_, slot.data.get(), kReadBlockSize);
      if (n >= 0) {
        offset_ += static_cast<std::uint64_t>(n);
        *buffer = slot.data.get();
        return n;
      }
      if (errno != EINTR) {
        archive_set_error(a, errno, "read failed: %s", std::strerror(errno));
        return -1;
      }
    }
  }

  // A seek, but never past the end: libarchive then reads, and reports a truncated archive.
  la_int64_t Skip(la_int64_t request) {
    if (request <= 0 || offset_ >= size_) return 0;
    std::uint64_t skip =
        std::min<std::uint64_t>(static_cast<std::uint64_t>(request), size_ - offset_);
    if (::lseek(fd_, static_cast<off_t>(skip), SEEK_CUR) < 0) return 0;
    offset_ += skip;
    return static_cast<la_int64_t>(skip);
  }

  int fd_;
  std::uint64_t size_;
  std::uint64_t offset_ = 0;
  std::array<Slot, kSlots> slots_;
  std::size_t next_ = 0;
  std::mutex mutex_;
  std::condition_variable released_;
};

TarReader::TarReader(std::shared_ptr<RingFileSource> source, ArchivePtr archive)
    : source_(std::move(source)), archive_(std::move(archive)) {}
TarReader::TarReader(TarReader&&) noexcept = default;
TarReader& TarReader::operator=(TarReader&&) noexcept = default;
TarReader::~TarReader() = default;

std::shared_ptr<const void> TarReader::OwnerOf(ByteView bytes) const {
  return source_->OwnerOf(bytes);
}

Result<TarReader> TarReader::Open(const std::string& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below. It is cleared
  // once the file is known to be a regular file (where it changes nothing anyway).
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return Error(ErrorCode::kNotFound, path + ": no such file");
    if (errno != EISDIR) {
      return Error(ErrorCode::kIo, "cannot open " + path + ": " + std::strerror(errno));
    }
  }
  struct stat st {};
  if (fd >= 0 && ::fstat(fd, &st) != 0) {
    int saved = errno;
    ::close(fd);
    return Error(ErrorCode::kIo, "cannot stat " + path + ": " + std::strerror(saved));
  }
  // A path that names no regular file is a wrong request, not a malformed archive
  // (docs/cli.md, "Bad input").
  if (fd < 0 || S_ISDIR(st.st_mode)) {
    if (fd >= 0) ::close(fd);
    return Error(ErrorCode::kInvalidInput, path + " is a directory, not an image archive",
                 "pass the .tar file that docker save, podman save or skopeo copy wrote");
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error(ErrorCode::kInvalidInput,
                 path + " is not a regular file (a FIFO, device or socket), not an image archive",
                 "pass the .tar file that docker save, podman save or skopeo copy wrote");
  }
  if (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
    int saved = errno;
    ::close(fd);
    return Error(ErrorCode::kIo, "cannot read " + path + ": " + std::strerror(saved));
  }
  // Read front to back in large blocks: let the kernel read ahead further (only a hint).
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  auto source = std::make_shared<RingFileSource>(fd, static_cast<std::uint64_t>(st.st_size));
  FRLIC_RETURN_IF_ERROR(RequireLibarchive());
  ArchivePtr a(archive_read_new());
  if (!a) return Error(ErrorCode::kInternal, "archive_read_new failed");
  if (archive_read_support_filter_gzip(a.get()) != ARCHIVE_OK ||
      archive_read_support_format_tar(a.get()) != ARCHIVE_OK ||
      archive_read_set_read_callback(a.get(), &RingFileSource::Read) != ARCHIVE_OK ||
      archive_read_set_skip_callback(a.get(), &RingFileSource::Skip) != ARCHIVE_OK ||
      archive_read_set_close_callback(a.get(), &RingFileSource::Close) != ARCHIVE_OK ||
      archive_read_set_callback_data(a.get(), source.get()) != ARCHIVE_OK) {
    return Error(ErrorCode::kInternal, "libarchive: " + ArchiveMessage(a.get()));
  }
  if (archive_read_open1(a.get()) != ARCHIVE_OK) {
    // Opening reads the first block to recognise the format (and compression). libarchive
    // reports an unrecognised or damaged one as ARCHIVE_ERRNO_FILE_FORMAT (EILSEQ on Linux)
    // or ARCHIVE_ERRNO_MISC (-1), names its archive_private.h keeps to itself; the rest are
    // the system's errno of a failed read.
    int error = archive_errno(a.get());
    if (error == EILSEQ || error == -1) {
      return Error(ErrorCode::kMalformed,
                   path + " is truncated or not a tar archive: " + ArchiveMessage(a.get()));
    }
    return Error(ErrorCode::kIo, "cannot read " + path + ": " + ArchiveMessage(a.get()));
  }
  return TarReader(std::move(source), std::move(a));
}

Result<TarReader> TarReader::OpenAtEntry(const std::string& path, const std::string& name) {
  FRLIC_ASSIGN_OR_RETURN(TarReader reader, Open(path));
  while (true) {
    archive_entry* header = nullptr;
    int rc = archive_read_next_header(reader.get(), &header);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      return Error(ErrorCode::kMalformed,
                   path + " is truncated or not a tar archive: " + ArchiveMessage(reader.get()));
    }
    if (archive_entry_hardlink(header) == nullptr && archive_entry_filetype(header) == AE_IFREG &&
        EntryName(header) == name) {
      return reader;
    }
  }
  return Error(ErrorCode::kMalformed,
               path + " has no entry " + name + " any more: it changed since it was read");
}

std::optional<std::string> NormalisePath(std::string_view path, bool allow_parent) {
  if (path.empty()) return std::string();
  if (path.front() == '/' || path.find('\0') != std::string_view::npos) return std::nullopt;
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    std::size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!allow_parent || parts.empty()) return std::nullopt;
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::optional<std::string> EntryName(archive_entry* entry) {
  const char* name = archive_entry_pathname_utf8(entry);
  if (name == nullptr) name = archive_entry_pathname(entry);
  if (name == nullptr) return std::nullopt;
  return NormalisePath(name, /*allow_parent=*/false);
}

// ---- EntryStream ----

EntryStream::EntryStream(const TarReader& reader, std::string archive_path, std::string entry)
    : reader_(reader), archive_path_(std::move(archive_path)), entry_(std::move(entry)) {}

EntryStream::~EntryStream() = default;

Result<Block> EntryStream::ReadStored() {
  while (!stored_end_) {
    const void* buffer = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    int rc = archive_read_data_block(reader_.get(), &buffer, &size, &offset);
    if (rc == ARCHIVE_EOF) {
      stored_end_ = true;
      break;
    }
    if (rc < ARCHIVE_WARN) return Truncated(archive_path_, entry_, reader_.get());
    if (offset < 0 || static_cast<std::uint64_t>(offset) != stored_bytes_) {
      return Error(ErrorCode::kMalformed, archive_path_ + ": entry " + entry_ +
                                              " is a sparse file; image archives hold "
                                              "none");
    }
    if (size == 0) continue;
    Block block{ByteView(static_cast<const std::uint8_t*>(buffer), size), nullptr};
    block.owner = reader_.OwnerOf(block.bytes);
    stored_bytes_ += size;
    if (observer_) observer_(block);
    return block;
  }
  return Block{};
}

Result<Block> EntryStream::NextStored() {
  if (!pending_.bytes.empty()) return std::exchange(pending_, Block{});
  return ReadStored();
}

Result<bool> EntryStream::IsGzip() {
  if (gzip_) return *gzip_;
  FRLIC_ASSIGN_OR_RETURN(Block first, ReadStored());
  if (first.bytes.size() == 1) {
    // The entry's data began at the very end of a read block: collect two bytes.
    prefix_.assign(AsText(first.bytes));
    first = Block{};
    FRLIC_ASSIGN_OR_RETURN(Block more, ReadStored());
    prefix_.append(AsText(more.bytes));
    first = Block{AsBytes(prefix_), nullptr};
  }
  gzip_ = first.bytes.size() >= 2 && first.bytes[0] == 0x1f && first.bytes[1] == 0x8b;
  pending_ = std::move(first);
  return *gzip_;
}

la_ssize_t EntryStream::InnerRead(archive* /*inner*/, void* self, const void** buffer) {
  auto* stream = static_cast<EntryStream*>(self);
  auto block = stream->NextStored();
  if (!block.ok()) {
    stream->inner_error_ = std::move(block).error();
    return -1;
  }
  // Valid until the next call: the ring refills another buffer first.
  *buffer = block->bytes.data();
  return static_cast<la_ssize_t>(block->bytes.size());
}

Result<Block> EntryStream::NextInflated() {
  auto gzip_error = [&] {
    if (inner_error_) return std::move(*inner_error_);
    return Error(ErrorCode::kMalformed,
                 archive_path_ + ": entry " + entry_ +
                     " is not a valid gzip stream: " + ArchiveMessage(inner_.get()));
  };
  if (!inner_) {
    inner_.reset(archive_read_new());
    if (!inner_) return Error(ErrorCode::kInternal, "archive_read_new failed");
    if (archive_read_support_filter_gzip(inner_.get()) != ARCHIVE_OK ||
        archive_read_support_format_raw(inner_.get()) != ARCHIVE_OK) {
      return Error(ErrorCode::kInternal, "libarchive: " + ArchiveMessage(inner_.get()));
    }
    if (archive_read_open(inner_.get(), this, nullptr, &EntryStream::InnerRead, nullptr) !=
        ARCHIVE_OK) {
      return gzip_error();
    }
  }
  if (!inner_started_) {
    archive_entry* header = nullptr;
    int rc = archive_read_next_header(inner_.get(), &header);
    if (rc < ARCHIVE_WARN) return gzip_error();
    if (rc == ARCHIVE_EOF) return Block{};  // empty after decompression
    if (archive_filter_code(inner_.get(), 0) != ARCHIVE_FILTER_GZIP) {
      return Error(ErrorCode::kMalformed, archive_path_ + ": entry " + entry_ +
                                              " starts with the gzip magic but is not a gzip "
                                              "stream");
    }
    inner_started_ = true;
  }
  while (true) {
    const void* buffer = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    int rc = archive_read_data_block(inner_.get(), &buffer, &size, &offset);
    if (rc == ARCHIVE_EOF) return Block{};
    if (rc < ARCHIVE_WARN) return gzip_error();
    if (size > 0) return Block{ByteView(static_cast<const std::uint8_t*>(buffer), size), nullptr};
  }
}

Result<Block> EntryStream::Next() {
  FRLIC_ASSIGN_OR_RETURN(bool gzip, IsGzip());
  if (gzip) return NextInflated();
  return NextStored();
}

Status EntryStream::DrainStored() {
  while (true) {
    FRLIC_ASSIGN_OR_RETURN(Block block, NextStored());
    if (block.bytes.empty()) return Ok();
  }
}

Status EntryStream::Skip() {
  pending_ = Block{};
  if (stored_end_) return Ok();
  stored_end_ = true;
  if (archive_read_data_skip(reader_.get()) < ARCHIVE_WARN) {
    return Truncated(archive_path_, entry_, reader_.get());
  }
  return Ok();
}

}  // namespace frlic::image_internal
