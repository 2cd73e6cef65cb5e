#include "frlic/keys/keyring.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/keys/example_keys.h"
#include "frlic/keys/pem.h"
#include "frlic/keys/process_protection.h"

namespace frlic {
namespace {

constexpr char kManifestName[] = "keyring.json";
constexpr char kKeyringFormat[] = "frlic-keyring";

const char* PurposeName(KeyPurpose purpose) {
  return purpose == KeyPurpose::kSigning ? "signing" : "rif";
}

std::string JoinPath(const std::string& directory, const std::string& name) {
  return (std::filesystem::path(directory) / name).string();
}

// Reads one key entry of the manifest and its public PEM; records problems in `fields`.
std::optional<KeyEntry> ReadEntry(const Json& json, const std::string& directory,
                                  JsonFields& fields) {
  KeyEntry entry;
  fields.RejectUnknown(
      {"key_id", "purpose", "algorithm", "created", "status", "public", "private", "pkcs11"});
  entry.key_id = fields.String("key_id");
  const std::string purpose = fields.String("purpose");
  const std::string algorithm = fields.String("algorithm");
  const std::string created = fields.String("created");
  const std::string status = fields.String("status");
  entry.public_file = fields.String("public");
  // The private half is a file encrypted at rest ("private") or, for a signing key, a key in a
  // PKCS#11 token ("pkcs11", its URI): exactly one of them.
  const bool in_token = fields.Has("pkcs11");
  if (in_token) {
    entry.pkcs11_uri = fields.String("pkcs11");
    if (fields.Has("private")) {
      fields.Add("private", "must not be given with pkcs11 (the token keeps the private half)");
    }
    if (purpose == "rif") {
      fields.Add("pkcs11", "only a signing key can be kept in a PKCS#11 token", entry.pkcs11_uri,
                 "a \"private\" file");
    } else if (Status uri = CheckTokenKeyUri(entry.pkcs11_uri); !uri.ok()) {
      fields.Add("pkcs11", uri.error().message(), entry.pkcs11_uri);
    }
  } else {
    entry.private_file = fields.String("private");
  }
  const std::size_t before = fields.problems().size();
  if (purpose == "signing") {
    entry.purpose = KeyPurpose::kSigning;
    entry.algorithm = KeyAlgorithm::kEd25519;
    if (algorithm != "ed25519")
      fields.Add("algorithm", "is wrong for a signing key", algorithm, "ed25519");
  } else if (purpose == "rif") {
    entry.purpose = KeyPurpose::kRif;
    entry.algorithm = KeyAlgorithm::kX25519;
    if (algorithm != "x25519")
      fields.Add("algorithm", "is wrong for a RIF key", algorithm, "x25519");
  } else {
    fields.Add("purpose", "is not a key purpose", purpose, "signing or rif");
  }
  if (status == "active") {
    entry.status = KeyStatus::kActive;
  } else if (status == "retired") {
    entry.status = KeyStatus::kRetired;
  } else {
    fields.Add("status", "is not a key status", status, "active or retired");
  }
  if (auto when = ParseInstant(created)) {
    entry.created = *when;
  } else {
    fields.Add("created", "is not a UTC instant", created, "YYYY-MM-DDTHH:MM:SSZ");
  }
  for (const std::string* name : {&entry.public_file, &entry.private_file}) {
    if (in_token && name == &entry.private_file) continue;
    if (name->empty() || name->find('/') != std::string::npos || *name == "." || *name == "..") {
      fields.Add(name == &entry.public_file ? "public" : "private",
                 "must be a file name inside the keyring directory", *name, "a plain file name");
    }
  }
  if (fields.problems().size() != before || json.empty()) return std::nullopt;
  auto pem = ReadFile(JoinPath(directory, entry.public_file), 1 << 16);
  if (!pem.ok()) {
    fields.Add("public", pem.error().message());
    return std::nullopt;
  }
  auto raw = PublicKeyFromPem(AsText(*pem), entry.algorithm);
  if (!raw.ok()) {
    fields.Add("public", entry.public_file + ": " + raw.error().message());
    return std::nullopt;
  }
  if (DeriveKeyId(entry.algorithm, *raw) != entry.key_id) {
    fields.Add("key_id", "does not match the public key in " + entry.public_file, entry.key_id,
               DeriveKeyId(entry.algorithm, *raw));
    return std::nullopt;
  }
  entry.public_key = std::move(raw).value();
  return entry;
}

const KeyEntry* Newest(const std::vector<KeyEntry>& keys, KeyPurpose purpose) {
  const KeyEntry* best = nullptr;
  for (const auto& key : keys) {
    if (key.purpose != purpose || key.status != KeyStatus::kActive) continue;
    if (best == nullptr || key.created > best->created ||
        (key.created == best->created && key.key_id > best->key_id)) {
      best = &key;
    }
  }
  return best;
}

std::string ModeText(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Anyone who can write to the directory or the manifest can add a key that inspect and check
// then trust: the directory must be 0700, the manifest not writable by group or others (the
// private files are checked for 0600 when read). A keyring of nothing but the bundled example
// keys is exempt: its passphrase is public, it proves nothing whatever its modes, and git does
// not keep directory modes.
Status CheckKeyringModes(const std::string& directory, const std::string& manifest_path,
                         const std::vector<KeyEntry>& keys) {
  const bool only_example_keys =
      !keys.empty() && std::all_of(keys.begin(), keys.end(), [](const KeyEntry& key) {
        return std::find(kExampleKeyIds.begin(), kExampleKeyIds.end(), key.key_id) !=
               kExampleKeyIds.end();
      });
  if (only_example_keys) return Ok();
  struct stat st {};
  if (::stat(directory.c_str(), &st) != 0) {
    return Error(ErrorCode::kIo, "cannot stat " + directory + ": " + std::strerror(errno));
  }
  if ((st.st_mode & 077) != 0) {
    return Error(ErrorCode::kRefused,
                 "the keyring directory " + directory + " has mode " + ModeText(st.st_mode) +
                     "; it must be 0700 (owner only), or others could add keys that frlic trusts",
                 "run: chmod 700 " + directory);
  }
  if (::stat(manifest_path.c_str(), &st) != 0) {
    return Error(ErrorCode::kIo, "cannot stat " + manifest_path + ": " + std::strerror(errno));
  }
  if ((st.st_mode & 022) != 0) {
    return Error(ErrorCode::kRefused,
                 manifest_path + " has mode " + ModeText(st.st_mode) +
                     "; it must not be writable by group or others (0644 or stricter), or "
                     "others could add keys that frlic trusts",
                 "run: chmod go-w " + manifest_path);
  }
  return Ok();
}

struct NewKey {
  KeyEntry entry;
  std::string private_file_text;
  std::string pem;
};

Result<NewKey> MakeKey(KeyPurpose purpose, const SecretBytes& passphrase, const KdfCost& cost,
                       const Clock& clock, Random& random) {
  NewKey made;
  made.entry.purpose = purpose;
  made.entry.created = clock.Now();
  made.entry.status = KeyStatus::kActive;
  if (purpose == KeyPurpose::kSigning) {
    auto key = Ed25519PrivateKey::Generate(random);
    made.entry.algorithm = KeyAlgorithm::kEd25519;
    made.entry.public_key.assign(key.public_key().bytes().begin(), key.public_key().bytes().end());
    made.entry.key_id = DeriveKeyId(made.entry.algorithm, made.entry.public_key);
    FRLIC_ASSIGN_OR_RETURN(made.private_file_text,
                           EncryptKeyFile(made.entry.algorithm, made.entry.key_id, key.seed(),
                                          passphrase, cost, random));
  } else {
    auto key = X25519PrivateKey::Generate(random);
    made.entry.algorithm = KeyAlgorithm::kX25519;
    made.entry.public_key.assign(key.public_key().bytes().begin(), key.public_key().bytes().end());
    made.entry.key_id = DeriveKeyId(made.entry.algorithm, made.entry.public_key);
    FRLIC_ASSIGN_OR_RETURN(made.private_file_text,
                           EncryptKeyFile(made.entry.algorithm, made.entry.key_id, key.secret(),
                                          passphrase, cost, random));
  }
  const std::string stem = std::string(PurposeName(purpose)) + "-" + made.entry.key_id;
  made.entry.public_file = stem + ".pub.pem";
  made.entry.private_file = stem + ".key";
  FRLIC_ASSIGN_OR_RETURN(made.pem, PublicKeyToPem(made.entry.algorithm, made.entry.public_key));
  return made;
}

Status WriteKeyFiles(const std::string& directory, const NewKey& key) {
  FRLIC_RETURN_IF_ERROR(WriteFileAtomic(JoinPath(directory, key.entry.private_file),
                                        AsBytes(key.private_file_text), {0600, Overwrite::kNo}));
  return WriteFileAtomic(JoinPath(directory, key.entry.public_file), AsBytes(key.pem),
                         {0644, Overwrite::kNo});
}

// The signing key `token` names, created on the token or adopted: its entry and public PEM.
Result<NewKey> MakeTokenKey(const TokenKeyRequest& token,
                            const std::function<Result<SecretBytes>()>& pin, const Clock& clock) {
  FRLIC_RETURN_IF_ERROR(CheckTokenKeyUri(token.uri));
  if (!pin) {
    return Error(ErrorCode::kInvalidInput, "no PIN source for the PKCS#11 token of " + token.uri);
  }
  FRLIC_ASSIGN_OR_RETURN(SecretBytes pin_bytes, pin());
  FRLIC_ASSIGN_OR_RETURN(std::unique_ptr<TokenKey> key,
                         token.create ? TokenKey::Generate(token.uri, pin_bytes)
                                      : TokenKey::Open(token.uri, pin_bytes));
  NewKey made;
  made.entry.purpose = KeyPurpose::kSigning;
  made.entry.algorithm = KeyAlgorithm::kEd25519;
  made.entry.created = clock.Now();
  made.entry.status = KeyStatus::kActive;
  made.entry.public_key.assign(key->public_key().bytes().begin(), key->public_key().bytes().end());
  made.entry.key_id = DeriveKeyId(made.entry.algorithm, made.entry.public_key);
  made.entry.public_file =
      std::string(PurposeName(KeyPurpose::kSigning)) + "-" + made.entry.key_id + ".pub.pem";
  made.entry.pkcs11_uri = token.uri;
  FRLIC_ASSIGN_OR_RETURN(made.pem, PublicKeyToPem(made.entry.algorithm, made.entry.public_key));
  // The token signs once before the keyring names it: a key that cannot sign is refused now,
  // not at the first issue.
  FRLIC_ASSIGN_OR_RETURN(Bytes probe, key->Sign(AsBytes("frlic-token-key-probe-v1")));
  (void)probe;
  return made;
}

Status WritePublicFile(const std::string& directory, const NewKey& key) {
  return WriteFileAtomic(JoinPath(directory, key.entry.public_file), AsBytes(key.pem),
                         {0644, Overwrite::kNo});
}

}  // namespace

KeyUnlock KeyUnlock::FromPassphrase(const SecretBytes& passphrase) {
  return KeyUnlock{
      [&passphrase]() -> Result<SecretBytes> { return SecretBytes::CopyFrom(passphrase.reveal()); },
      nullptr};
}

Result<Bytes> Signer::Sign(ByteView message) const {
  if (const auto* in_memory = std::get_if<Ed25519PrivateKey>(&key)) return in_memory->Sign(message);
  return std::get<std::shared_ptr<const TokenKey>>(key)->Sign(message);
}

Result<Bytes> Signer::SignUnchecked(ByteView message) const {
  if (const auto* in_memory = std::get_if<Ed25519PrivateKey>(&key)) {
    return in_memory->SignUnchecked(message);
  }
  return std::get<std::shared_ptr<const TokenKey>>(key)->SignUnchecked(message);
}

const Ed25519PublicKey& Signer::public_key() const {
  if (const auto* in_memory = std::get_if<Ed25519PrivateKey>(&key)) return in_memory->public_key();
  return std::get<std::shared_ptr<const TokenKey>>(key)->public_key();
}

Result<SecretBytes> Signer::ActivationSeed() const {
  if (const auto* in_memory = std::get_if<Ed25519PrivateKey>(&key)) {
    return SecretBytes::CopyFrom(in_memory->seed().reveal());
  }
  FRLIC_ASSIGN_OR_RETURN(Bytes signature, Sign(AsBytes("frlic-activation-seed-v1 " + key_id)));
  Bytes digest = Sha256(signature);
  SecretBytes seed = SecretBytes::CopyFrom(ByteView(digest));
  WipeMemory(digest.data(), digest.size());
  WipeMemory(signature.data(), signature.size());
  return seed;
}

Result<Keyring> Keyring::Load(const std::string& directory) {
  const std::string manifest_path = JoinPath(directory, kManifestName);
  auto bytes = ReadFile(manifest_path, 1 << 20);
  if (!bytes.ok()) {
    if (bytes.error().code() == ErrorCode::kNotFound) {
      return Error(ErrorCode::kNotFound,
                   "no keyring in " + directory + " (" + manifest_path + " does not exist)",
                   "create one with: frlic keygen --out " + directory +
                       ", or point --keys / FRLIC_KEYS at an existing keyring");
    }
    return std::move(bytes).error();
  }
  FRLIC_ASSIGN_OR_RETURN(Json json, ParseStrictJson(AsText(*bytes), manifest_path));
  JsonFields top(json, manifest_path);
  top.RejectUnknown({"format", "version", "example", "keys"});
  if (top.String("format") != kKeyringFormat && top.Has("format")) {
    top.Add("format", "is not a frlic keyring", json["format"].dump(), kKeyringFormat);
  }
  const std::int64_t version = top.Integer("version");
  if (top.Has("version") && version != 1) {
    top.Add("version", "is not a version this frlic reads", std::to_string(version), "1");
  }
  bool example = false;
  if (top.Has("example")) {
    if (!json["example"].is_boolean()) {
      top.Add("example", "has the wrong type", json["example"].type_name(), "true or false");
    } else {
      example = json["example"].get<bool>();
    }
  }
  std::vector<KeyEntry> keys;
  if (const Json* list = top.Array("keys")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Json& item = (*list)[i];
      const std::string prefix = "keys[" + std::to_string(i) + "].";
      if (!item.is_object()) {
        top.Add(prefix.substr(0, prefix.size() - 1), "has the wrong type", item.type_name(),
                "an object");
        continue;
      }
      JsonFields fields(item, manifest_path, prefix);
      if (auto entry = ReadEntry(item, directory, fields)) {
        bool duplicate = std::any_of(keys.begin(), keys.end(),
                                     [&](const KeyEntry& k) { return k.key_id == entry->key_id; });
        if (duplicate)
          fields.Add("key_id", "is listed twice", entry->key_id, "unique key ids");
        else
          keys.push_back(std::move(*entry));
      }
      for (auto& p : fields.problems()) top.problems().push_back(p);
    }
  }
  if (!top.problems().empty()) {
    return Error(ErrorCode::kMalformed, manifest_path + " is not a valid keyring",
                 std::move(top.problems()));
  }
  FRLIC_RETURN_IF_ERROR(CheckKeyringModes(directory, manifest_path, keys));
  return Keyring(directory, example, std::move(keys));
}

Result<Keyring> Keyring::FromPublicKeys(const std::vector<std::string>& pems) {
  std::vector<KeyEntry> keys;
  std::vector<Problem> problems;
  for (std::size_t i = 0; i < pems.size(); ++i) {
    auto raw = PublicKeyFromPem(pems[i], KeyAlgorithm::kEd25519);
    if (!raw.ok()) {
      Problem problem;
      problem.field = "key " + std::to_string(i + 1);
      problem.message = raw.error().message();
      problem.expected = "an Ed25519 public key PEM";
      problems.push_back(std::move(problem));
      continue;
    }
    KeyEntry entry;
    entry.purpose = KeyPurpose::kSigning;
    entry.algorithm = KeyAlgorithm::kEd25519;
    entry.key_id = DeriveKeyId(entry.algorithm, *raw);
    entry.public_key = std::move(raw).value();
    keys.push_back(std::move(entry));
  }
  if (!problems.empty()) {
    return Error(ErrorCode::kMalformed, "not every trusted key is an Ed25519 public key PEM",
                 std::move(problems));
  }
  return Keyring("", false, std::move(keys));
}

Status Keyring::WriteManifest() const {
  Json list = Json::array();
  for (const auto& key : keys_) {
    Json entry = {{"key_id", key.key_id},
                  {"purpose", PurposeName(key.purpose)},
                  {"algorithm", KeyAlgorithmName(key.algorithm)},
                  {"created", FormatInstant(key.created)},
                  {"status", key.status == KeyStatus::kActive ? "active" : "retired"},
                  {"public", key.public_file}};
    if (key.pkcs11_uri.empty()) {
      entry["private"] = key.private_file;
    } else {
      entry["pkcs11"] = key.pkcs11_uri;
    }
    list.push_back(std::move(entry));
  }
  Json manifest = {
      {"format", kKeyringFormat}, {"version", 1}, {"example", example_}, {"keys", list}};
  const std::string text = manifest.dump(2) + "\n";
  return WriteFileAtomic(JoinPath(directory_, kManifestName), AsBytes(text),
                         {0644, Overwrite::kYes});
}

Result<Keyring> Keyring::Generate(const std::string& directory, const SecretBytes& passphrase,
                                  const KdfCost& cost, const Clock& clock, Random& random,
                                  const TokenKeyRequest* token, const KeyUnlock* unlock) {
  if (PathExists(JoinPath(directory, kManifestName))) {
    return Error(ErrorCode::kRefused, directory + " already holds a keyring",
                 "to add a signing key to it use: frlic keys rotate --keys " + directory);
  }
  FRLIC_RETURN_IF_ERROR(ProtectProcessSecrets());
  FRLIC_RETURN_IF_ERROR(MakeDirectories(directory));
  if (::chmod(directory.c_str(), 0700) != 0) {
    return Error(ErrorCode::kIo,
                 "cannot make " + directory + " owner-only (chmod 700): " + std::strerror(errno));
  }
  NewKey signing;
  if (token != nullptr) {
    FRLIC_ASSIGN_OR_RETURN(signing,
                           MakeTokenKey(*token, unlock != nullptr ? unlock->pin : nullptr, clock));
  } else {
    FRLIC_ASSIGN_OR_RETURN(signing, MakeKey(KeyPurpose::kSigning, passphrase, cost, clock, random));
  }
  FRLIC_ASSIGN_OR_RETURN(NewKey rif, MakeKey(KeyPurpose::kRif, passphrase, cost, clock, random));
  FRLIC_RETURN_IF_ERROR(token != nullptr ? WritePublicFile(directory, signing)
                                         : WriteKeyFiles(directory, signing));
  FRLIC_RETURN_IF_ERROR(WriteKeyFiles(directory, rif));
  Keyring keyring(directory, false, {signing.entry, rif.entry});
  FRLIC_RETURN_IF_ERROR(keyring.WriteManifest());
  return keyring;
}

Result<std::string> Keyring::AddSigningKey(const SecretBytes& passphrase, const KdfCost& cost,
                                           const Clock& clock, Random& random) {
  FRLIC_RETURN_IF_ERROR(ProtectProcessSecrets());
  FRLIC_ASSIGN_OR_RETURN(NewKey signing,
                         MakeKey(KeyPurpose::kSigning, passphrase, cost, clock, random));
  FRLIC_RETURN_IF_ERROR(WriteKeyFiles(directory_, signing));
  keys_.push_back(signing.entry);
  FRLIC_RETURN_IF_ERROR(WriteManifest());
  return signing.entry.key_id;
}

Result<std::string> Keyring::AddTokenSigningKey(const TokenKeyRequest& token,
                                                const std::function<Result<SecretBytes>()>& pin,
                                                const Clock& clock) {
  FRLIC_ASSIGN_OR_RETURN(NewKey signing, MakeTokenKey(token, pin, clock));
  for (const KeyEntry& key : keys_) {
    if (key.key_id == signing.entry.key_id) {
      return Error(ErrorCode::kConflict, "the token's key " + signing.entry.key_id +
                                             " is already in the keyring " + directory_);
    }
  }
  FRLIC_RETURN_IF_ERROR(WritePublicFile(directory_, signing));
  keys_.push_back(signing.entry);
  FRLIC_RETURN_IF_ERROR(WriteManifest());
  return signing.entry.key_id;
}

Status Keyring::CheckPassphrase(const SecretBytes& passphrase) const {
  const KeyEntry* entry = ActiveSigningKey();
  if (entry == nullptr || !entry->pkcs11_uri.empty()) entry = ActiveRifKey();
  if (entry == nullptr) return Ok();
  FRLIC_ASSIGN_OR_RETURN(SecretBytes opened, UnlockSecret(*entry, passphrase));
  (void)opened;
  return Ok();
}

bool Keyring::is_example() const {
  if (example_) return true;
  return std::any_of(keys_.begin(), keys_.end(), [](const KeyEntry& key) {
    return std::find(kExampleKeyIds.begin(), kExampleKeyIds.end(), key.key_id) !=
           kExampleKeyIds.end();
  });
}

std::optional<Ed25519PublicKey> Keyring::SigningPublicKey(const std::string& key_id) const {
  for (const auto& key : keys_) {
    if (key.key_id == key_id && key.purpose == KeyPurpose::kSigning) {
      return Ed25519PublicKey::FromBytes(key.public_key).value();
    }
  }
  return std::nullopt;
}

const KeyEntry* Keyring::ActiveSigningKey() const { return Newest(keys_, KeyPurpose::kSigning); }
const KeyEntry* Keyring::ActiveRifKey() const { return Newest(keys_, KeyPurpose::kRif); }

Result<SecretBytes> Keyring::UnlockSecret(const KeyEntry& entry,
                                          const SecretBytes& passphrase) const {
  FRLIC_RETURN_IF_ERROR(ProtectProcessSecrets());
  const std::string path = JoinPath(directory_, entry.private_file);
  FRLIC_ASSIGN_OR_RETURN(SecretBytes file_bytes, ReadSecretFile(path));
  FRLIC_ASSIGN_OR_RETURN(DecryptedKey decrypted, DecryptKeyFile(file_bytes, path, passphrase));
  if (decrypted.key_id != entry.key_id || decrypted.algorithm != entry.algorithm) {
    return Error(ErrorCode::kRefused, path + " holds key " + decrypted.key_id +
                                          ", but the keyring lists it as key " + entry.key_id);
  }
  return std::move(decrypted.secret);
}

Result<Signer> Keyring::UnlockSigner(const KeyUnlock& unlock, const std::string& key_id) const {
  const KeyEntry* entry = nullptr;
  if (key_id.empty()) {
    entry = ActiveSigningKey();
    if (entry == nullptr) {
      return Error(ErrorCode::kNotFound,
                   "the keyring in " + directory_ + " has no active signing key");
    }
  } else {
    for (const auto& key : keys_) {
      if (key.key_id == key_id && key.purpose == KeyPurpose::kSigning) entry = &key;
    }
    if (entry == nullptr) {
      return Error(ErrorCode::kUnknownKey,
                   "signing key " + key_id + " is not in the keyring " + directory_,
                   "the licence was signed by another issuer's key");
    }
  }
  auto claimed = Ed25519PublicKey::FromBytes(entry->public_key);
  if (!entry->pkcs11_uri.empty()) {
    if (!unlock.pin) {
      return Error(ErrorCode::kRefused,
                   "signing key " + entry->key_id + " is kept in the PKCS#11 token " +
                       entry->pkcs11_uri + ", and this command has no PIN for it",
                   "give the token's PIN with FRLIC_PKCS11_PIN, --pin-file or --pin-fd");
    }
    FRLIC_ASSIGN_OR_RETURN(SecretBytes pin, unlock.pin());
    FRLIC_ASSIGN_OR_RETURN(std::unique_ptr<TokenKey> token, TokenKey::Open(entry->pkcs11_uri, pin));
    if (!(token->public_key() == claimed.value())) {
      return Error(ErrorCode::kRefused,
                   "the PKCS#11 token's key " + entry->pkcs11_uri + " is not signing key " +
                       entry->key_id + " of the keyring (its public half differs)",
                   "the URI names another key now; fix keyring.json or the token");
    }
    return Signer{entry->key_id, std::shared_ptr<const TokenKey>(std::move(token))};
  }
  if (!unlock.passphrase) {
    return Error(ErrorCode::kInternal, "no passphrase source for signing key " + entry->key_id);
  }
  FRLIC_ASSIGN_OR_RETURN(SecretBytes passphrase, unlock.passphrase());
  FRLIC_ASSIGN_OR_RETURN(SecretBytes seed, UnlockSecret(*entry, passphrase));
  auto key = Ed25519PrivateKey::FromSeed(seed, &claimed.value());
  if (!key.ok()) return std::move(key).error().Context("signing key " + entry->key_id);
  return Signer{entry->key_id, std::move(key).value()};
}

Result<RifKey> Keyring::UnlockRifKey(const SecretBytes& passphrase,
                                     const std::string& key_id) const {
  const KeyEntry* entry = nullptr;
  if (key_id.empty()) {
    entry = ActiveRifKey();
    if (entry == nullptr) {
      return Error(ErrorCode::kNotFound, "the keyring in " + directory_ + " has no active RIF key");
    }
  } else {
    for (const auto& key : keys_) {
      if (key.key_id == key_id && key.purpose == KeyPurpose::kRif) entry = &key;
    }
    if (entry == nullptr) {
      return Error(ErrorCode::kUnknownKey,
                   "RIF key " + key_id + " is not in the keyring " + directory_,
                   "the file was made for another issuer's key");
    }
  }
  FRLIC_ASSIGN_OR_RETURN(SecretBytes secret, UnlockSecret(*entry, passphrase));
  auto claimed = X25519PublicKey::FromBytes(entry->public_key);
  auto key = X25519PrivateKey::FromSecret(secret, &claimed.value());
  if (!key.ok()) return std::move(key).error().Context("RIF key " + entry->key_id);
  return RifKey{entry->key_id, std::move(key).value()};
}

}  // namespace frlic
