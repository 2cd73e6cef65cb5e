// Time and randomness are injected: the same inputs, keys, clock and random seed give
// byte-identical artifacts, and a support engineer can ask what a verdict is "on a day".
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"

namespace frlic {

// Seconds since 1970-01-01T00:00:00Z (UTC, no leap seconds).
using UnixSeconds = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixSeconds Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixSeconds Now() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(UnixSeconds now) : now_(now) {}
  UnixSeconds Now() const override { return now_; }

 private:
  UnixSeconds now_;
};

class Random {
 public:
  virtual ~Random() = default;
  virtual void Fill(std::span<std::uint8_t> out) = 0;
};

// The operating system's CSPRNG (libsodium randombytes_buf).
class SystemRandom final : public Random {
 public:
  void Fill(std::span<std::uint8_t> out) override;
};

// A reproducible stream (libsodium randombytes_buf_deterministic, ChaCha20) from a 32-byte
// seed: each order of a batch draws from its own (batch.h), seeded from the run's Random; tests
// and golden vectors seed it themselves (the CLI takes FRLIC_RANDOM_SEED only with example
// keys). The seed is kept in the object and wiped when it goes, not in SecretBytes: a batch
// makes one per order on every core, and each guarded allocation (mmap, mprotect, mlock, and
// their undoing) stopped the other cores to flush their TLBs, a sixth of a batch's time.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::span<const std::uint8_t, 32> seed);
  SeededRandom(const SeededRandom&) = delete;
  SeededRandom& operator=(const SeededRandom&) = delete;
  SeededRandom(SeededRandom&& other) noexcept;  // `other` is wiped: no two draw one stream
  ~SeededRandom() override;
  void Fill(std::span<std::uint8_t> out) override;

 private:
  std::array<std::uint8_t, 32> seed_;
  std::uint64_t counter_ = 0;
};

}  // namespace frlic
