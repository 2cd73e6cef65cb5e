// Internal to lib/frlic/image: SHA-256 of a stream on a second thread, so that hashing a block
// overlaps with what the caller does with it (writing it, hashing it into another digest).
// Copying a layer hashes every byte twice (its diff_id, the output file's digest); with two
// cores the two digests run side by side.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "frlic/core/bytes.h"

namespace frlic::image_internal {

class HashWorker {
 public:
  HashWorker() = default;
  HashWorker(const HashWorker&) = delete;
  HashWorker& operator=(const HashWorker&) = delete;
  ~HashWorker();

  // Hashes `block` after every block posted before it. Large blocks are hashed on the worker
  // thread and must stay valid until Wait() (or the next Post); small ones at once.
  void Post(ByteView block);
  // Returns once every posted block is hashed.
  void Wait();
  // The digest of everything posted (lower-case hex); the stream starts over.
  std::string FinishHex();
  std::uint64_t bytes() const { return bytes_; }

 private:
  static constexpr std::size_t kMinAsyncBlock = 64 << 10;
  void Run();

  std::mutex mutex_;
  std::condition_variable changed_;
  ByteView block_;  // being hashed by the worker; guarded by mutex_
  bool busy_ = false;
  bool stop_ = false;
  bool thread_failed_ = false;
  Sha256Stream hash_;  // touched by the worker only while busy_
  std::uint64_t bytes_ = 0;
  std::thread thread_;
};

}  // namespace frlic::image_internal
