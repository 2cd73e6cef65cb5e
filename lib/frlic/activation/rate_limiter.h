// Per-client rate limit of the activation page (frlic serve): a token bucket per client
// (a bucket key: see RateLimitKey in client_address.h), so one phone can retry a few times
// but nobody can sweep codes or serials. Memory is bounded: a bucket that has refilled to
// the burst is the same as no bucket and is dropped, and when `max_clients` buckets are
// still in use the least recently seen are dropped first.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "frlic/core/clock.h"

namespace frlic {

class RateLimiter {
 public:
  static constexpr std::size_t kDefaultMaxClients = 100000;

  // `burst` requests at once, then one every `refill_seconds`; at most `max_clients`
  // buckets. (Values below 1 are taken as 1.)
  RateLimiter(int burst, UnixSeconds refill_seconds, std::size_t max_clients = kDefaultMaxClients)
      : burst_(burst < 1 ? 1 : burst),
        refill_(refill_seconds < 1 ? 1 : refill_seconds),
        max_clients_(max_clients < 1 ? 1 : max_clients) {}

  // Takes one token of `client`'s bucket at `now`; false when it is empty. Thread-safe.
  bool Allow(const std::string& client, UnixSeconds now);
  // Seconds until `client` may ask again (0 if now).
  UnixSeconds RetryAfter(const std::string& client, UnixSeconds now);
  // Buckets held (idle ones are dropped as time passes and when the map is full).
  std::size_t size() const;

 private:
  struct Bucket {
    int tokens = 0;
    UnixSeconds refilled_at = 0;
    UnixSeconds last_seen = 0;
  };
  void Refill(Bucket& bucket, UnixSeconds now) const;
  bool Idle(const Bucket& bucket, UnixSeconds now) const;
  void Evict(UnixSeconds now);
  const int burst_;
  const UnixSeconds refill_;
  const std::size_t max_clients_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  UnixSeconds swept_at_ = 0;
};

}  // namespace frlic
