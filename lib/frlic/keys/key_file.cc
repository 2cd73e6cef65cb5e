#include "frlic/keys/key_file.h"

#include <sodium.h>

#include "frlic/core/sodium.h"
#include "frlic/core/strict_json.h"

namespace frlic {
namespace {

constexpr char kSecretKeyFormat[] = "frlic-secret-key";
constexpr char kKdfName[] = "argon2id13";
constexpr char kCipherName[] = "xchacha20poly1305-ietf";
// Bounds on what a key file may ask for, so a hostile file cannot exhaust the machine.
constexpr std::uint64_t kMaxOpslimit = 16;
constexpr std::uint64_t kMaxMemlimit = 1ull << 30;

std::string AssociatedData(KeyAlgorithm algorithm, const std::string& key_id) {
  return std::string("frlic-secret-key-v1\n") + KeyAlgorithmName(algorithm) + "\n" + key_id;
}

Result<SecretBytes> StretchPassphrase(const SecretBytes& passphrase, ByteView salt,
                                      const KdfCost& cost) {
  SecretBytes key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  if (crypto_pwhash(key.reveal_mutable().data(), key.size(),
                    reinterpret_cast<const char*>(passphrase.reveal().data()), passphrase.size(),
                    salt.data(), cost.opslimit, cost.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error(ErrorCode::kInternal, "Argon2id ran out of memory");
  }
  return key;
}

}  // namespace

KdfCost KdfCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
KdfCost KdfCost::Moderate() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}
KdfCost KdfCost::Minimal() { return {1, 8ull << 20}; }

Result<std::string> EncryptKeyFile(KeyAlgorithm algorithm, const std::string& key_id,
                                   const SecretBytes& secret, const SecretBytes& passphrase,
                                   const KdfCost& cost, Random& random) {
  RequireSodium();
  if (passphrase.empty()) return Error(ErrorCode::kInvalidInput, "the passphrase is empty");
  Bytes salt(crypto_pwhash_SALTBYTES), nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  random.Fill(salt);
  random.Fill(nonce);
  FRLIC_ASSIGN_OR_RETURN(SecretBytes key, StretchPassphrase(passphrase, salt, cost));
  const std::string ad = AssociatedData(algorithm, key_id);
  Bytes ciphertext(secret.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(ciphertext.data(), &written, secret.reveal().data(),
                                             secret.size(),
                                             reinterpret_cast<const unsigned char*>(ad.data()),
                                             ad.size(), nullptr, nonce.data(), key.reveal().data());
  ciphertext.resize(written);
  Json file = {
      {"format", kSecretKeyFormat},
      {"version", 1},
      {"algorithm", KeyAlgorithmName(algorithm)},
      {"key_id", key_id},
      {"kdf",
       {{"name", kKdfName},
        {"opslimit", cost.opslimit},
        {"memlimit", cost.memlimit},
        {"salt", Base64Encode(salt)}}},
      {"cipher",
       {{"name", kCipherName},
        {"nonce", Base64Encode(nonce)},
        {"ciphertext", Base64Encode(ciphertext)}}},
  };
  return file.dump(2) + "\n";
}

Result<DecryptedKey> DecryptKeyFile(const SecretBytes& file_bytes, const std::string& file,
                                    const SecretBytes& passphrase) {
  RequireSodium();
  FRLIC_ASSIGN_OR_RETURN(Json json, ParseStrictJson(AsText(file_bytes.reveal()), file));
  JsonFields top(json, file);
  top.RejectUnknown({"format", "version", "algorithm", "key_id", "kdf", "cipher"});
  const std::string format = top.String("format");
  const std::int64_t version = top.Integer("version");
  const std::string algorithm_name = top.String("algorithm");
  const std::string key_id = top.String("key_id");
  if (top.Has("format") && format != kSecretKeyFormat)
    top.Add("format", "is not a frlic secret key", format, kSecretKeyFormat);
  if (top.Has("version") && version != 1) {
    top.Add("version", "is not a version this frlic reads", std::to_string(version), "1");
  }
  KeyAlgorithm algorithm = KeyAlgorithm::kEd25519;
  if (algorithm_name == "x25519") {
    algorithm = KeyAlgorithm::kX25519;
  } else if (top.Has("algorithm") && algorithm_name != "ed25519") {
    top.Add("algorithm", "is not supported", algorithm_name, "ed25519 or x25519");
  }
  if (top.Has("key_id") && !IsWellFormedKeyId(key_id)) {
    top.Add("key_id", "is not a key id", key_id, "16 lower-case hex characters");
  }
  KdfCost cost{};
  std::optional<Bytes> salt, nonce, ciphertext;
  if (const Json* kdf = top.Object("kdf")) {
    JsonFields fields(*kdf, file, "kdf.");
    fields.RejectUnknown({"name", "opslimit", "memlimit", "salt"});
    if (fields.String("name") != kKdfName && fields.Has("name")) {
      fields.Add("name", "is not supported", (*kdf)["name"].dump(), kKdfName);
    }
    std::int64_t ops = fields.Integer("opslimit"), mem = fields.Integer("memlimit");
    if (ops < static_cast<std::int64_t>(crypto_pwhash_OPSLIMIT_MIN) ||
        ops > static_cast<std::int64_t>(kMaxOpslimit)) {
      fields.Add("opslimit", "is out of range", std::to_string(ops), "1 to 16");
    }
    if (mem < static_cast<std::int64_t>(crypto_pwhash_MEMLIMIT_MIN) ||
        mem > static_cast<std::int64_t>(kMaxMemlimit)) {
      fields.Add("memlimit", "is out of range", std::to_string(mem), "8192 to 1073741824");
    }
    cost = {static_cast<std::uint64_t>(ops), static_cast<std::uint64_t>(mem)};
    salt = Base64Decode(fields.String("salt"));
    if (!salt || salt->size() != crypto_pwhash_SALTBYTES) {
      fields.Add("salt", "is not 16 bytes of base64");
    }
    for (auto& p : fields.problems()) top.problems().push_back(p);
  }
  if (const Json* cipher = top.Object("cipher")) {
    JsonFields fields(*cipher, file, "cipher.");
    fields.RejectUnknown({"name", "nonce", "ciphertext"});
    if (fields.String("name") != kCipherName && fields.Has("name")) {
      fields.Add("name", "is not supported", (*cipher)["name"].dump(), kCipherName);
    }
    nonce = Base64Decode(fields.String("nonce"));
    if (!nonce || nonce->size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) {
      fields.Add("nonce", "is not 24 bytes of base64");
    }
    ciphertext = Base64Decode(fields.String("ciphertext"));
    if (!ciphertext || ciphertext->size() != 32 + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
      fields.Add("ciphertext", "is not 48 bytes of base64");
    }
    for (auto& p : fields.problems()) top.problems().push_back(p);
  }
  if (!top.problems().empty()) {
    return Error(ErrorCode::kMalformed, file + " is not a valid frlic secret key file",
                 std::move(top.problems()));
  }
  FRLIC_ASSIGN_OR_RETURN(SecretBytes key, StretchPassphrase(passphrase, *salt, cost));
  const std::string ad = AssociatedData(algorithm, key_id);
  SecretBytes secret(32);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          secret.reveal_mutable().data(), &written, nullptr, ciphertext->data(), ciphertext->size(),
          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nonce->data(),
          key.reveal().data()) != 0) {
    return Error(ErrorCode::kWrongPassphrase,
                 "cannot decrypt " + file + ": wrong passphrase, or the file was modified",
                 "check FRLIC_PASSPHRASE or --passphrase-file");
  }
  return DecryptedKey{algorithm, key_id, std::move(secret)};
}

}  // namespace frlic
