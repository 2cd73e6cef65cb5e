// Byte strings and their text encodings (libsodium does the encoding).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace frlic {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}
inline std::string_view AsText(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
inline Bytes ToBytes(std::string_view text) {
  auto view = AsBytes(text);
  return Bytes(view.begin(), view.end());
}

// RFC 4648 base64 with padding ("standard" alphabet).
std::string Base64Encode(ByteView bytes);
// Strict: rejects whitespace, missing padding, non-zero padding bits and other alphabets.
std::optional<Bytes> Base64Decode(std::string_view text);

std::string HexEncode(ByteView bytes);                  // lower case
std::optional<Bytes> HexDecode(std::string_view text);  // strict: even length, [0-9a-fA-F]

// SHA-256 of bytes, raw 32 bytes, and as lower-case hex.
Bytes Sha256(ByteView bytes);
std::string Sha256Hex(ByteView bytes);

// Incremental SHA-256 for streams too large to hold (image layers): OpenSSL's EVP digest,
// which uses the CPU's SHA extensions where present. Move-only.
class Sha256Stream {
 public:
  Sha256Stream();
  Sha256Stream(Sha256Stream&& other) noexcept;
  Sha256Stream& operator=(Sha256Stream&& other) noexcept;
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  ~Sha256Stream();

  void Update(ByteView bytes);
  // The digest of everything updated so far (lower-case hex); the stream starts over.
  std::string FinishHex();

 private:
  void* context_;  // EVP_MD_CTX
};

}  // namespace frlic
