#include "internal/tar_writer.h"

namespace frlic::image_internal {

la_ssize_t TarWriter::WriteCallback(archive* /*a*/, void* self, const void* buffer, size_t size) {
  auto* writer = static_cast<TarWriter*>(self);
  if (writer->abandoned_) return -1;
  Status status = writer->output_(ByteView(static_cast<const std::uint8_t*>(buffer), size));
  if (!status.ok()) {
    writer->output_error_ = std::move(status).error();
    return -1;
  }
  return static_cast<la_ssize_t>(size);
}

Error TarWriter::Failed(const std::string& doing) {
  if (output_error_) return std::move(*output_error_);
  return Error(ErrorCode::kInternal,
               "libarchive failed " + doing + " " + what_ + ": " + ArchiveMessage(a_.get()));
}

Status TarWriter::Open() {
  FRLIC_RETURN_IF_ERROR(RequireLibarchive());
  a_.reset(archive_write_new());
  if (!a_) return Error(ErrorCode::kInternal, "archive_write_new failed");
  if (archive_write_set_format_pax_restricted(a_.get()) != ARCHIVE_OK ||
      archive_write_add_filter_none(a_.get()) != ARCHIVE_OK ||
      archive_write_set_bytes_per_block(a_.get(), 0) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(a_.get(), 1) != ARCHIVE_OK ||
      archive_write_open(a_.get(), this, nullptr, &TarWriter::WriteCallback, nullptr) !=
          ARCHIVE_OK) {
    return Failed("opening");
  }
  return Ok();
}

Status TarWriter::AddEntry(const std::string& name, unsigned type, unsigned mode,
                           std::uint64_t size, UnixSeconds mtime) {
  if (entry_left_ != 0) {
    return Error(ErrorCode::kInternal, what_ + ": an entry before " + name + " is short by " +
                                           std::to_string(entry_left_) + " bytes");
  }
  ArchiveEntryPtr entry(archive_entry_new());
  if (!entry) return Error(ErrorCode::kInternal, "archive_entry_new failed");
  archive_entry_set_pathname(entry.get(), name.c_str());
  archive_entry_set_filetype(entry.get(), type);
  archive_entry_set_perm(entry.get(), mode);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
  archive_entry_set_uid(entry.get(), 0);
  archive_entry_set_gid(entry.get(), 0);
  archive_entry_set_mtime(entry.get(), static_cast<time_t>(mtime), 0);
  if (archive_write_header(a_.get(), entry.get()) != ARCHIVE_OK)
    return Failed("writing " + name + " in");
  entry_left_ = size;
  return Ok();
}

Status TarWriter::AddDirectory(const std::string& name, UnixSeconds mtime) {
  return AddEntry(name, AE_IFDIR, 0755, 0, mtime);
}

Status TarWriter::AddFile(const std::string& name, unsigned mode, std::uint64_t size,
                          UnixSeconds mtime) {
  return AddEntry(name, AE_IFREG, mode, size, mtime);
}

Status TarWriter::Write(ByteView data) {
  if (data.size() > entry_left_) {
    return Error(ErrorCode::kInternal, what_ + ": more data than the entry's size");
  }
  while (!data.empty()) {
    la_ssize_t n = archive_write_data(a_.get(), data.data(), data.size());
    if (n <= 0) return Failed("writing data to");
    data = data.subspan(static_cast<std::size_t>(n));
    entry_left_ -= static_cast<std::uint64_t>(n);
  }
  return Ok();
}

Status TarWriter::Close() {
  if (entry_left_ != 0) {
    return Error(ErrorCode::kInternal,
                 what_ + ": the last entry is short by " + std::to_string(entry_left_) + " bytes");
  }
  if (archive_write_close(a_.get()) != ARCHIVE_OK) return Failed("closing");
  return Ok();
}

}  // namespace frlic::image_internal
