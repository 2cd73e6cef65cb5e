// Internal to lib/frlic/image: SHA-256 of a stream on a second thread. Blocks are queued and
// hashed in order while the caller goes on (reads the next block, writes this one, feeds
// another digest): copying a layer hashes every byte twice (its diff_id, the output file's
// digest), and with two cores the digests and the read and write calls overlap.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "archive_stream.h"
#include "frlic/core/bytes.h"

namespace frlic::image_internal {

class HashWorker {
 public:
  HashWorker() = default;
  HashWorker(const HashWorker&) = delete;
  HashWorker& operator=(const HashWorker&) = delete;
  ~HashWorker();  // waits for the queue, then stops the thread

  // Queues `block` after every block posted before it. A block with an owner is held until
  // hashed; one without is copied (so it may be reused at once). Waits while the queue is full.
  void Post(const Block& block);
  // Returns once every posted block is hashed.
  void Wait();
  // The digest of everything posted (lower-case hex); the stream starts over.
  std::string FinishHex();
  std::uint64_t bytes() const { return bytes_; }

 private:
  static constexpr std::size_t kMaxQueued = 8;        // blocks
  static constexpr std::size_t kMaxCopied = 2 << 20;  // bytes held in copies
  static constexpr std::size_t kMinAsync = 16 << 10;  // smaller ones: hashed at once

  struct Item {
    ByteView bytes;
    std::shared_ptr<const void> owner;
    std::vector<std::uint8_t> copy;
  };
  void Run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Item> queue_;  // guarded by mutex_
  std::size_t copied_ = 0;  // guarded by mutex_
  bool busy_ = false;       // the worker is hashing an item taken off the queue
  bool stop_ = false;
  bool thread_failed_ = false;
  Sha256Stream hash_;  // the worker's while it runs; the caller's once Wait() returned
  std::uint64_t bytes_ = 0;
  std::thread thread_;
};

}  // namespace frlic::image_internal
