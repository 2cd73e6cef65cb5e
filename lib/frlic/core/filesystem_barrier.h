// One durability point for a group of files: syncfs(2) of the filesystem they are on writes
// back every dirty page and inode there and flushes the device once, where an fsync per file
// and per directory flushes it for each (on a filesystem without a journal, each fsync is its
// own device flush). A batch stages its group's files with Durability::kGroup (files.h), syncs
// once before the records point at them and once after the renames (docs/formats.md 6.3,
// "Groups").
#pragma once

#include <sys/types.h>

#include <string>

#include "frlic/core/status.h"

namespace frlic {

class FilesystemBarrier {
 public:
  // On the filesystem of `path`, or of its nearest existing ancestor (a directory created
  // later under it is on that filesystem, unless something is mounted there: Covers tells).
  // Opened before the group's files are written: syncfs reports a writeback error that
  // happened on the filesystem since its descriptor was opened (Linux 5.8 and later).
  static Result<FilesystemBarrier> Open(const std::string& path);
  FilesystemBarrier(FilesystemBarrier&& other) noexcept;
  FilesystemBarrier& operator=(FilesystemBarrier&&) = delete;
  FilesystemBarrier(const FilesystemBarrier&) = delete;
  ~FilesystemBarrier();

  // Whether `path` (which exists) is on the barrier's filesystem, so Sync makes it durable.
  bool Covers(const std::string& path) const;
  // syncfs: every file and directory change on the filesystem so far is durable when it
  // returns Ok; kIo naming the filesystem otherwise.
  Status Sync() const;

 private:
  FilesystemBarrier(int fd, dev_t device, std::string where)
      : fd_(fd), device_(device), where_(std::move(where)) {}
  int fd_;
  dev_t device_;
  std::string where_;
};

}  // namespace frlic
