#include "frlic/core/bytes.h"
#include "frlic/core/sodium.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstdlib>
#include <utility>

namespace frlic {
std::string Base64Encode(ByteView bytes) {
  RequireSodium();
  const std::size_t size = sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string out(size, '\0');
  sodium_bin2base64(out.data(), size, bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(size - 1);  // drop the terminating NUL
  return out;
}

std::optional<Bytes> Base64Decode(std::string_view text) {
  RequireSodium();
  if (text.empty()) return Bytes{};  // libsodium must not see a null output buffer
  if (text.size() % 4 != 0) return std::nullopt;
  Bytes out(text.size() / 4 * 3);
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(written);
  // Reject non-canonical encodings (padding bits set): re-encoding must give the input back.
  if (Base64Encode(out) != text) return std::nullopt;
  return out;
}

std::string HexEncode(ByteView bytes) {
  RequireSodium();
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

std::optional<Bytes> HexDecode(std::string_view text) {
  RequireSodium();
  if (text.empty()) return Bytes{};
  if (text.size() % 2 != 0) return std::nullopt;
  Bytes out(text.size() / 2);
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end) !=
          0 ||
      end != text.data() + text.size() || written != out.size()) {
    return std::nullopt;
  }
  return out;
}

namespace {
// OpenSSL's SHA-256, not libsodium's portable one: it uses the CPU's SHA extensions where
// there are some, several times faster on the images' gigabytes. Fetched once, as OpenSSL 3
// looks the implementation up again on every call given the constant, and `ledger verify`
// hashes several times per record. Kept for the life of the process.
const EVP_MD* Sha256Algorithm() {
  static const EVP_MD* const algorithm = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) std::abort();  // a missing SHA-256 is not a condition to handle
    return fetched;
  }();
  return algorithm;
}
}  // namespace

Bytes Sha256(ByteView bytes) {
  Bytes digest(32);
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, Sha256Algorithm(), nullptr) !=
          1 ||
      size != digest.size()) {
    std::abort();  // a missing SHA-256 is not a condition a caller can handle
  }
  return digest;
}

std::string Sha256Hex(ByteView bytes) { return HexEncode(Sha256(bytes)); }

namespace {
EVP_MD_CTX* NewSha256Context() {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  // Allocation failure or a missing SHA-256 is not a condition a caller can handle.
  if (context == nullptr || EVP_DigestInit_ex(context, Sha256Algorithm(), nullptr) != 1)
    std::abort();
  return context;
}
}  // namespace

Sha256Stream::Sha256Stream() : context_(NewSha256Context()) {}

Sha256Stream::Sha256Stream(Sha256Stream&& other) noexcept
    : context_(std::exchange(other.context_, nullptr)) {}

Sha256Stream& Sha256Stream::operator=(Sha256Stream&& other) noexcept {
  std::swap(context_, other.context_);
  return *this;
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_)); }

void Sha256Stream::Update(ByteView bytes) {
  if (bytes.empty()) return;
  if (EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), bytes.data(), bytes.size()) != 1) {
    std::abort();
  }
}

std::string Sha256Stream::FinishHex() {
  auto* context = static_cast<EVP_MD_CTX*>(context_);
  std::uint8_t digest[32];
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(context, digest, &size) != 1 || size != sizeof digest ||
      EVP_DigestInit_ex(context, Sha256Algorithm(), nullptr) != 1) {
    std::abort();
  }
  return HexEncode(ByteView(digest, sizeof digest));
}

}  // namespace frlic
