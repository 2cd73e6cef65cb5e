#include "frlic/activation/rate_limiter.h"

#include <algorithm>

namespace frlic {

void RateLimiter::Refill(Bucket& bucket, UnixSeconds now) const {
  if (now <= bucket.refilled_at) return;
  const UnixSeconds periods = (now - bucket.refilled_at) / refill_;
  if (periods <= 0) return;
  bucket.tokens = static_cast<int>(std::min<UnixSeconds>(burst_, bucket.tokens + periods));
  bucket.refilled_at += periods * refill_;
  if (bucket.tokens == burst_) bucket.refilled_at = now;
}

bool RateLimiter::Allow(const std::string& client, UnixSeconds now) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = buckets_.try_emplace(client, Bucket{burst_, now});
  Bucket& bucket = it->second;
  Refill(bucket, now);
  if (bucket.tokens == 0) return false;
  bucket.tokens -= 1;
  return true;
}

UnixSeconds RateLimiter::RetryAfter(const std::string& client, UnixSeconds now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) return 0;
  Refill(it->second, now);
  if (it->second.tokens > 0) return 0;
  return std::max<UnixSeconds>(1, it->second.refilled_at + refill_ - now);
}

}  // namespace frlic
