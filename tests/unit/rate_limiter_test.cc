// The activation page's rate limit (frlic/activation/rate_limiter).
#include <gtest/gtest.h>

#include "frlic/activation/client_address.h"
#include "frlic/activation/rate_limiter.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

TEST(RateLimiter, BurstThenRefusalThenRefill) {
  RateLimiter limiter(3, 10);
  const UnixSeconds t = 1000;
  EXPECT_EQ(limiter.RetryAfter("a", t), 0);  // never seen
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a", t)) << i;
  EXPECT_EQ(limiter.RetryAfter("a", t), 10);
  EXPECT_FALSE(limiter.Allow("a", t));
  EXPECT_FALSE(limiter.Allow("a", t + 9));
  EXPECT_EQ(limiter.RetryAfter("a", t + 9), 1);
  // One token a period.
  EXPECT_EQ(limiter.RetryAfter("a", t + 10), 0);
  EXPECT_TRUE(limiter.Allow("a", t + 10));
  EXPECT_FALSE(limiter.Allow("a", t + 10));
  EXPECT_EQ(limiter.RetryAfter("a", t + 15), 5);
  // Two periods later: two tokens.
  EXPECT_TRUE(limiter.Allow("a", t + 30));
  EXPECT_TRUE(limiter.Allow("a", t + 30));
  EXPECT_FALSE(limiter.Allow("a", t + 30));
  // A long pause refills to the burst, not beyond.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a", t + 100000)) << i;
  EXPECT_FALSE(limiter.Allow("a", t + 100000));
}

TEST(RateLimiter, ClientsAreIndependent) {
  RateLimiter limiter(2, 60);
  EXPECT_TRUE(limiter.Allow("192.0.2.1", 0 + 500));
  EXPECT_TRUE(limiter.Allow("192.0.2.1", 500));
  EXPECT_FALSE(limiter.Allow("192.0.2.1", 500));
  EXPECT_EQ(limiter.RetryAfter("192.0.2.1", 500), 60);
  EXPECT_EQ(limiter.RetryAfter("192.0.2.2", 500), 0);
  EXPECT_TRUE(limiter.Allow("192.0.2.2", 500));
  EXPECT_TRUE(limiter.Allow("192.0.2.2", 500));
  EXPECT_FALSE(limiter.Allow("192.0.2.2", 500));
  EXPECT_TRUE(limiter.Allow("192.0.2.3", 501));
  EXPECT_FALSE(limiter.Allow("192.0.2.1", 559));
  EXPECT_TRUE(limiter.Allow("192.0.2.1", 560));
}

TEST(RateLimiter, IdleBucketsAreDropped) {
  RateLimiter limiter(2, 10);
  for (int i = 0; i < 50; ++i) EXPECT_TRUE(limiter.Allow("192.0.2." + std::to_string(i), 1000));
  EXPECT_EQ(limiter.size(), 50u);
  // 20 s later every bucket has refilled: the next new client's arrival sweeps them away.
  EXPECT_TRUE(limiter.Allow("198.51.100.1", 1020));
  EXPECT_EQ(limiter.size(), 1u);
  // A bucket still being refilled is kept, with its state.
  EXPECT_TRUE(limiter.Allow("198.51.100.1", 1020));
  EXPECT_FALSE(limiter.Allow("198.51.100.1", 1020));
  EXPECT_TRUE(limiter.Allow("198.51.100.2", 1045));  // sweep: .1 is not full again until 1040
  EXPECT_EQ(limiter.size(), 1u);                     // ... and it was: dropped
  EXPECT_TRUE(limiter.Allow("198.51.100.3", 1046));
  EXPECT_FALSE(limiter.Allow("198.51.100.3", 1046) && limiter.Allow("198.51.100.3", 1046));
  EXPECT_TRUE(limiter.Allow("198.51.100.4", 1066));  // .3 refilled at 1066: swept
  EXPECT_EQ(limiter.RetryAfter("198.51.100.3", 1066), 0);
}

TEST(RateLimiter, MemoryIsBoundedUnderAFloodOfNewClients) {
  RateLimiter limiter(1, 3600, /*max_clients=*/64);
  // One request each from 10,000 addresses within a minute: none is idle yet.
  for (int i = 0; i < 10000; ++i) {
    EXPECT_TRUE(limiter.Allow("client-" + std::to_string(i), 1000 + i / 200));
    ASSERT_LE(limiter.size(), 64u) << i;
  }
  // The most recent clients are still limited; the least recently seen went first.
  EXPECT_FALSE(limiter.Allow("client-9999", 1050));
  EXPECT_TRUE(limiter.Allow("client-0", 1050));
}

TEST(RateLimiter, RecentlyActiveClientsSurviveEviction) {
  RateLimiter limiter(1, 3600, /*max_clients=*/8);
  EXPECT_TRUE(limiter.Allow("busy", 1000));
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(limiter.Allow("new-" + std::to_string(i), 1001 + i));
    // The busy client keeps asking (and is refused): it stays the most recently seen.
    EXPECT_FALSE(limiter.Allow("busy", 1001 + i)) << i;
  }
}

TEST(RateLimiter, AnIpv6ClientRotatingThroughItsSlash64StaysInOneBucket) {
  RateLimiter limiter(3, 60);
  int allowed = 0;
  for (int i = 1; i <= 20; ++i) {
    auto address = ParseIpAddress("2001:db8:1:2::" + std::to_string(i));
    ASSERT_TRUE(address);
    allowed += limiter.Allow(RateLimitKey(*address), 1000) ? 1 : 0;
  }
  EXPECT_EQ(allowed, 3);
  // The next /64 is another client.
  EXPECT_TRUE(limiter.Allow(RateLimitKey(*ParseIpAddress("2001:db8:1:3::1")), 1000));
}

}  // namespace
}  // namespace frlic
