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
      bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) return Error(ErrorCode::kMalformed, "not a PEM public key");
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

}  // namespace frlic
