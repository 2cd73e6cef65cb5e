#include "frlic/image/archive_stream.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace frlic::image_internal {
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

Result<ArchivePtr> OpenTarFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Error(ErrorCode::kNotFound, path + ": no such file");
    return Error(ErrorCode::kIo, "cannot stat " + path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    return Error(ErrorCode::kMalformed, path + " is a directory, not an image archive",
                 "pass the .tar file that docker save, podman save or skopeo copy wrote");
  }
  if (!S_ISREG(st.st_mode)) {
    return Error(ErrorCode::kMalformed, path + " is not a regular file");
  }
  ArchivePtr a(archive_read_new());
  if (!a) return Error(ErrorCode::kInternal, "archive_read_new failed");
  if (archive_read_support_filter_gzip(a.get()) != ARCHIVE_OK ||
      archive_read_support_format_tar(a.get()) != ARCHIVE_OK) {
    return Error(ErrorCode::kInternal, "libarchive: " + ArchiveMessage(a.get()));
  }
  if (archive_read_open_filename(a.get(), path.c_str(), kReadBlockSize) != ARCHIVE_OK) {
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
  return a;
}

Result<ArchivePtr> OpenTarAtEntry(const std::string& path, const std::string& name) {
  FRLIC_ASSIGN_OR_RETURN(ArchivePtr a, OpenTarFile(path));
  while (true) {
    archive_entry* header = nullptr;
    int rc = archive_read_next_header(a.get(), &header);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      return Error(ErrorCode::kMalformed,
                   path + " is truncated or not a tar archive: " + ArchiveMessage(a.get()));
    }
    if (archive_entry_hardlink(header) == nullptr && archive_entry_filetype(header) == AE_IFREG &&
        EntryName(header) == name) {
      return a;
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

EntryStream::EntryStream(archive* outer, std::string archive_path, std::string entry)
    : outer_(outer), archive_path_(std::move(archive_path)), entry_(std::move(entry)) {}

EntryStream::~EntryStream() = default;

Result<ByteView> EntryStream::ReadStored() {
  while (!stored_end_) {
    const void* buffer = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    int rc = archive_read_data_block(outer_, &buffer, &size, &offset);
    if (rc == ARCHIVE_EOF) {
      stored_end_ = true;
      break;
    }
    if (rc < ARCHIVE_WARN) return Truncated(archive_path_, entry_, outer_);
    if (offset < 0 || static_cast<std::uint64_t>(offset) != stored_bytes_) {
      return Error(ErrorCode::kMalformed,
                   archive_path_ + ": entry " + entry_ + " is a sparse file; image archives hold "
                                                        "none");
    }
    if (size == 0) continue;
    ByteView block(static_cast<const std::uint8_t*>(buffer), size);
    stored_bytes_ += size;
    if (observer_) observer_(block);
    return block;
  }
  return ByteView();
}

Result<ByteView> EntryStream::NextStored() {
  if (!pending_.empty()) return std::exchange(pending_, ByteView());
  return ReadStored();
}

Result<bool> EntryStream::IsGzip() {
  if (gzip_) return *gzip_;
  FRLIC_ASSIGN_OR_RETURN(ByteView first, ReadStored());
  if (first.size() == 1) {
    // The entry's data began at the very end of a read block: collect two bytes.
    prefix_.assign(reinterpret_cast<const char*>(first.data()), first.size());
    FRLIC_ASSIGN_OR_RETURN(ByteView more, ReadStored());
    prefix_.append(reinterpret_cast<const char*>(more.data()), more.size());
    first = AsBytes(prefix_);
  }
  pending_ = first;
  gzip_ = first.size() >= 2 && first[0] == 0x1f && first[1] == 0x8b;
  return *gzip_;
}

la_ssize_t EntryStream::InnerRead(archive* /*inner*/, void* self, const void** buffer) {
  auto* stream = static_cast<EntryStream*>(self);
  auto block = stream->NextStored();
  if (!block.ok()) {
    stream->inner_error_ = std::move(block).error();
    return -1;
  }
  *buffer = block->data();
  return static_cast<la_ssize_t>(block->size());
}

Result<ByteView> EntryStream::NextInflated() {
  auto gzip_error = [&] {
    if (inner_error_) return std::move(*inner_error_);
    return Error(ErrorCode::kMalformed, archive_path_ + ": entry " + entry_ +
                                            " is not a valid gzip stream: " +
                                            ArchiveMessage(inner_.get()));
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
    if (rc == ARCHIVE_EOF) return ByteView();  // empty after decompression
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
    if (rc == ARCHIVE_EOF) return ByteView();
    if (rc < ARCHIVE_WARN) return gzip_error();
    if (size > 0) return ByteView(static_cast<const std::uint8_t*>(buffer), size);
  }
}

Result<ByteView> EntryStream::Next() {
  FRLIC_ASSIGN_OR_RETURN(bool gzip, IsGzip());
  if (gzip) return NextInflated();
  return NextStored();
}

Status EntryStream::DrainStored() {
  while (true) {
    FRLIC_ASSIGN_OR_RETURN(ByteView block, NextStored());
    if (block.empty()) return Ok();
  }
}

Status EntryStream::Skip() {
  pending_ = ByteView();
  if (stored_end_) return Ok();
  stored_end_ = true;
  if (archive_read_data_skip(outer_) < ARCHIVE_WARN) {
    return Truncated(archive_path_, entry_, outer_);
  }
  return Ok();
}

}  // namespace frlic::image_internal
