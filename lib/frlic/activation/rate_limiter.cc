#include "frlic/activation/rate_limiter.h"

#include <algorithm>
#include <vector>

namespace frlic {

void RateLimiter::Refill(Bucket& bucket, UnixSeconds now) const {
  if (now <= bucket.refilled_at) return;
  const UnixSeconds periods = (now - bucket.refilled_at) / refill_;
  if (periods <= 0) return;
  bucket.tokens = static_cast<int>(std::min<UnixSeconds>(burst_, bucket.tokens + periods));
  bucket.refilled_at += periods * refill_;
  if (bucket.tokens == burst_) bucket.refilled_at = now;
}

// Full again at `now`: dropping it changes nothing, a new bucket starts full.
bool RateLimiter::Idle(const Bucket& bucket, UnixSeconds now) const {
  if (bucket.tokens >= burst_) return true;
  if (now <= bucket.refilled_at) return false;
  return (now - bucket.refilled_at) / refill_ >= burst_ - bucket.tokens;
}

void RateLimiter::Evict(UnixSeconds now) {
  std::erase_if(buckets_, [&](const auto& item) { return Idle(item.second, now); });
  swept_at_ = now;
  if (buckets_.size() < max_clients_) return;
  // Still full of clients in use: drop the least recently seen eighth (at least one), so the
  // next max_clients/8 new clients insert without another pass.
  std::vector<std::pair<UnixSeconds, const std::string*>> by_age;
  by_age.reserve(buckets_.size());
  for (const auto& [key, bucket] : buckets_) by_age.emplace_back(bucket.last_seen, &key);
  const std::size_t drop =
      std::max<std::size_t>(1, buckets_.size() - max_clients_ + 1 + max_clients_ / 8);
  const std::size_t n = std::min(drop, by_age.size());
  std::nth_element(by_age.begin(), by_age.begin() + (n - 1), by_age.end());
  std::vector<std::string> victims;
  victims.reserve(n);
  for (std::size_t i = 0; i < n; ++i) victims.push_back(*by_age[i].second);
  for (const std::string& key : victims) buckets_.erase(key);
}

bool RateLimiter::Allow(const std::string& client, UnixSeconds now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    // A periodic sweep keeps idle buckets from piling up below the cap too.
    if (buckets_.size() >= max_clients_ || now - swept_at_ >= refill_ * burst_) Evict(now);
    it = buckets_.emplace(client, Bucket{burst_, now, now}).first;
  }
  Bucket& bucket = it->second;
  Refill(bucket, now);
  bucket.last_seen = std::max(bucket.last_seen, now);
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

std::size_t RateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace frlic
