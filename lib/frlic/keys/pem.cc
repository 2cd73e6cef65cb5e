#include "frlic/keys/pem.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace frlic {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

// OpenSSL's default callback would prompt on the terminal for an encrypted PEM; a library
// never prompts, so encrypted PEM simply fails to read.
int NoPassword(char*, int, int, void*) { return 0; }

// Whether only whitespace is left in `bio` after one PEM block: a file holds exactly one key.
bool OnlyWhitespaceLeft(BIO* bio) {
  char c = 0;
  while (BIO_read(bio, &c, 1) == 1) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') return false;
  }
  return true;
}

int OpenSslType(KeyAlgorithm algorithm) {
  return algorithm == KeyAlgorithm::kEd25519 ? EVP_PKEY_ED25519 : EVP_PKEY_X25519;
}

}  // namespace

Result<std::string> PublicKeyToPem(KeyAlgorithm algorithm, ByteView raw_public_key) {
  std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_PKEY_new_raw_public_key(
      OpenSslType(algorithm), nullptr, raw_public_key.data(), raw_public_key.size()));
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!key || !bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
    return Error(ErrorCode::kInternal, "OpenSSL could not encode a public key as PEM");
  }
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

Result<Bytes> PublicKeyFromPem(std::string_view pem, KeyAlgorithm algorithm) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassword, nullptr) : nullptr);
  if (!key) return Error(ErrorCode::kMalformed, "not a PEM public key");
  if (!OnlyWhitespaceLeft(bio.get())) {
    return Error(ErrorCode::kMalformed, "more than one PEM public key, or text after it");
  }
  if (EVP_PKEY_get_id(key.get()) != OpenSslType(algorithm)) {
    return Error(ErrorCode::kMalformed, std::string("the PEM public key is not an ") +
                                            KeyAlgorithmName(algorithm) + " key");
  }
  Bytes raw(32);
  std::size_t size = raw.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), raw.data(), &size) != 1 || size != 32) {
    return Error(ErrorCode::kMalformed, "the PEM public key has the wrong length");
  }
  return raw;
}

Result<SecretBytes> Ed25519SeedToPem(const SecretBytes& seed) {
  const auto raw = seed.reveal();
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size()));
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_secmem()));
  if (!key || !bio ||
      PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Error(ErrorCode::kInternal, "OpenSSL could not encode a private key as PEM");
  }
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return SecretBytes::CopyFrom(std::string_view(data, static_cast<std::size_t>(size)));
}

Result<SecretBytes> Ed25519SeedFromPem(const SecretBytes& pem) {
  const auto text = pem.reveal();
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassword, nullptr) : nullptr);
  if (!key) return Error(ErrorCode::kMalformed, "not an unencrypted PEM private key");
  if (!OnlyWhitespaceLeft(bio.get())) {
    return Error(ErrorCode::kMalformed, "more than one PEM private key, or text after it");
  }
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return Error(ErrorCode::kMalformed, "the PEM private key is not an Ed25519 key");
  }
  SecretBytes seed(32);
  std::size_t size = seed.size();
  if (EVP_PKEY_get_raw_private_key(key.get(), seed.reveal_mutable().data(), &size) != 1 ||
      size != 32) {
    return Error(ErrorCode::kMalformed, "the PEM private key has the wrong length");
  }
  return seed;
}

}  // namespace frlic
