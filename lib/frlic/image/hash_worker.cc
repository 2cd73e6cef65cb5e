#include "frlic/image/hash_worker.h"

#include <system_error>

namespace frlic::image_internal {

HashWorker::~HashWorker() {
  if (thread_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
}

void HashWorker::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return busy_ || stop_; });
    if (stop_) return;
    ByteView block = block_;
    lock.unlock();
    hash_.Update(block);
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

void HashWorker::Post(ByteView block) {
  Wait();
  bytes_ += block.size();
  if (block.size() < kMinAsyncBlock || thread_failed_) {
    hash_.Update(block);
    return;
  }
  if (!thread_.joinable()) {
    try {
      thread_ = std::thread(&HashWorker::Run, this);
    } catch (const std::system_error&) {
      thread_failed_ = true;  // no thread to be had: hash on the caller's
      hash_.Update(block);
      return;
    }
  }
  {
    std::lock_guard lock(mutex_);
    block_ = block;
    busy_ = true;
  }
  changed_.notify_all();
}

void HashWorker::Wait() {
  if (!thread_.joinable()) return;
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !busy_; });
}

std::string HashWorker::FinishHex() {
  Wait();
  bytes_ = 0;
  return hash_.FinishHex();
}

}  // namespace frlic::image_internal
