// Secret material (private keys, seeds, passphrases) lives only in SecretBytes:
// guarded sodium_malloc memory, wiped and freed on destruction, move-only, never
// printable. Raw access is one explicit call, so every use is easy to find.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace frlic {

class SecretBytes {
 public:
  SecretBytes() = default;
  // Zero-filled secret of `size` bytes. Aborts if the allocator fails (as sodium_malloc
  // failure leaves no safe way to hold a secret).
  explicit SecretBytes(std::size_t size);
  static SecretBytes CopyFrom(std::span<const std::uint8_t> bytes);
  static SecretBytes CopyFrom(std::string_view text);

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes();

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The only ways to touch the bytes. Callers must not copy them into ordinary memory.
  std::span<const std::uint8_t> reveal() const { return {data_, size_}; }
  std::span<std::uint8_t> reveal_mutable() { return {data_, size_}; }

  // Constant-time comparison.
  bool Equals(const SecretBytes& other) const;

 private:
  void Release();
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// Overwrite ordinary memory that briefly held secret bytes (e.g. a library's output buffer).
void WipeMemory(void* data, std::size_t size);

}  // namespace frlic
