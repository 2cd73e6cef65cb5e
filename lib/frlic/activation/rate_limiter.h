// Per-client rate limit of the activation page (frlic serve): a token bucket per client
// address, so one phone can retry a few times but nobody can sweep codes or serials.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "frlic/core/clock.h"

namespace frlic {

class RateLimiter {
 public:
  // `burst` requests at once, then one every `refill_seconds`.
  // (Values below 1 are taken as 1.)
  RateLimiter(int burst, UnixSeconds refill_seconds)
      : burst_(burst < 1 ? 1 : burst), refill_(refill_seconds < 1 ? 1 : refill_seconds) {}

  // Takes one token of `client`'s bucket at `now`; false when it is empty. Thread-safe.
  bool Allow(const std::string& client, UnixSeconds now);
  // Seconds until `client` may ask again (0 if now).
  UnixSeconds RetryAfter(const std::string& client, UnixSeconds now);

 private:
  struct Bucket {
    int tokens = 0;
    UnixSeconds refilled_at = 0;
  };
  void Refill(Bucket& bucket, UnixSeconds now) const;
  const int burst_;
  const UnixSeconds refill_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace frlic
