// The activation page's rate limit (frlic/activation/rate_limiter).
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace frlic
