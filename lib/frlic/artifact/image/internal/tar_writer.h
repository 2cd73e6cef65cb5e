// Internal to lib/frlic/image: writing a reproducible tar with libarchive. Format: pax
// restricted (plain ustar headers unless a field needs a pax extension), numeric owner 0:0
// with no user or group names, one mtime for every entry, no atime/ctime/xattrs.
// Block policy: libarchive's blocking is off (bytes per block 0), so every byte goes straight
// to the output function and the tar ends right after its end-of-archive marker (two 512-byte
// zero records), with no padding to a 10240-byte record, as Go's archive/tar (docker) writes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "archive_stream.h"
#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"

namespace frlic::image_internal {

class TarWriter {
 public:
  using Output = std::function<Status(ByteView)>;
  // `what` names the tar in messages.
  TarWriter(std::string what, Output output) : what_(std::move(what)), output_(std::move(output)) {}
  TarWriter(const TarWriter&) = delete;
  TarWriter& operator=(const TarWriter&) = delete;
  // Without Close(), nothing more is written: libarchive would otherwise end the tar (padding
  // the unfinished entry with zeros) as it is freed, and a failed write look complete.
  ~TarWriter() { abandoned_ = true; }

  Status Open();
  Status AddDirectory(const std::string& name, UnixSeconds mtime);  // mode 0755
  // A regular file's header; exactly `size` bytes of Write() must follow.
  Status AddFile(const std::string& name, unsigned mode, std::uint64_t size, UnixSeconds mtime);
  Status Write(ByteView data);
  Status Close();  // the end-of-archive marker

 private:
  static la_ssize_t WriteCallback(archive* a, void* self, const void* buffer, size_t size);
  Status AddEntry(const std::string& name, unsigned type, unsigned mode, std::uint64_t size,
                  UnixSeconds mtime);
  Error Failed(const std::string& doing);

  std::string what_;
  Output output_;
  ArchivePtr a_;
  std::optional<Error> output_error_;
  std::uint64_t entry_left_ = 0;
  bool abandoned_ = false;
};

}  // namespace frlic::image_internal
