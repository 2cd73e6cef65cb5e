#include "internal/hash_worker.h"

#include <system_error>

namespace frlic::image_internal {

HashWorker::~HashWorker() {
  if (!thread_.joinable()) return;
  Wait();
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void HashWorker::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return !queue_.empty() || stop_; });
    if (queue_.empty()) return;  // stop_
    Item item = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    hash_.Update(item.bytes);
    const std::size_t copied = item.copy.size();
    item = Item{};  // releases the owner before the caller is told
    lock.lock();
    copied_ -= copied;
    busy_ = false;
    changed_.notify_all();
  }
}

void HashWorker::Post(const Block& block) {
  if (block.bytes.empty()) return;
  bytes_ += block.bytes.size();
  if (!thread_.joinable() && !thread_failed_ && block.bytes.size() >= kMinAsync) {
    try {
      thread_ = std::thread(&HashWorker::Run, this);
    } catch (const std::system_error&) {
      thread_failed_ = true;  // no thread to be had: hash on the caller's
    }
  }
  if (!thread_.joinable()) {
    hash_.Update(block.bytes);
    return;
  }
  Item item;
  if (block.owner) {
    item.bytes = block.bytes;
    item.owner = block.owner;
  } else {
    item.copy.assign(block.bytes.begin(), block.bytes.end());
    item.bytes = item.copy;
  }
  const std::size_t copied = item.copy.size();
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
      return queue_.size() < kMaxQueued &&
             (copied == 0 || copied_ == 0 || copied_ + copied <= kMaxCopied);
    });
    copied_ += copied;
    queue_.push_back(std::move(item));
  }
  changed_.notify_all();
}

void HashWorker::Wait() {
  if (!thread_.joinable()) return;
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

std::string HashWorker::FinishHex() {
  Wait();
  bytes_ = 0;
  return hash_.FinishHex();
}

}  // namespace frlic::image_internal
