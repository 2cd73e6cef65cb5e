#include "frlic/core/clock.h"
#include "frlic/core/sodium.h"

#include <sodium.h>

#include <chrono>
#include <cstring>

namespace frlic {

UnixSeconds SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void SystemRandom::Fill(std::span<std::uint8_t> out) {
  RequireSodium();
  randombytes_buf(out.data(), out.size());
}

SeededRandom::SeededRandom(std::span<const std::uint8_t, 32> seed) {
  std::memcpy(seed_.data(), seed.data(), seed_.size());
}

SeededRandom::SeededRandom(SeededRandom&& other) noexcept
    : seed_(other.seed_), counter_(other.counter_) {
  sodium_memzero(other.seed_.data(), other.seed_.size());
  other.counter_ = 0;
}

SeededRandom::~SeededRandom() { sodium_memzero(seed_.data(), seed_.size()); }

void SeededRandom::Fill(std::span<std::uint8_t> out) {
  // Each call draws from its own sub-stream: seed' = SHA-256(seed || counter), so the
  // output of call n does not depend on the sizes requested by earlier calls.
  unsigned char input[32 + 8];
  std::memcpy(input, seed_.data(), 32);
  for (int i = 0; i < 8; ++i) input[32 + i] = static_cast<unsigned char>(counter_ >> (8 * i));
  ++counter_;
  unsigned char derived[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(derived, input, sizeof input);
  randombytes_buf_deterministic(out.data(), out.size(), derived);
  sodium_memzero(input, sizeof input);
  sodium_memzero(derived, sizeof derived);
}

}  // namespace frlic
