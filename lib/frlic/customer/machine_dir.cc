#include "frlic/customer/machine_dir.h"
#include "frlic/core/sodium.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"

namespace frlic {
namespace {

constexpr std::string_view kKeyPrefix = R"({"format":"frlic-machine-key","secret":")";
constexpr std::string_view kKeySuffix = "\",\"version\":1}\n";
constexpr std::size_t kSecretBase64 = 44;  // base64 of 32 bytes, with one "="

std::string Join(const std::string& dir, const char* name) {
  return (std::filesystem::path(dir) / name).string();
}

}  // namespace

std::string MachineRifPath(const std::string& dir) { return Join(dir, kMachineRifName); }
std::string MachineKeyPath(const std::string& dir) { return Join(dir, kMachineKeyName); }
std::string MachineJsonPath(const std::string& dir) { return Join(dir, kMachineJsonName); }
std::string MachineRetiredPath(const std::string& dir) { return Join(dir, kMachineRetiredName); }

Result<std::vector<RetiredMachineKey>> ReadRetiredMachineKeys(const std::string& dir) {
  const std::string path = MachineRetiredPath(dir);
  std::vector<RetiredMachineKey> retired;
  if (!PathExists(path)) return retired;
  FRLIC_ASSIGN_OR_RETURN(Bytes bytes, ReadFile(path, 1 << 20));
  std::string_view text = AsText(bytes);
  const Error malformed(ErrorCode::kMalformed,
                        path + " is not a list of retired machine keys (expected {\"format\":\"" +
                            kMachineRetiredFormat +
                            "\",\"retired\":[{\"destroyed_at\",\"machine_public_key\","
                            "\"serial\"}...],\"version\":1} and a line feed)",
                        "it is written by frlic-sim server -destroy; do not edit it");
  if (text.empty() || text.back() != '\n') return malformed;
  text.remove_suffix(1);
  auto json = ParseStrictJson(text, path);
  if (!json.ok() || json->size() != 3 || json->value("format", "") != kMachineRetiredFormat ||
      json->value("version", 0) != 1 || !json->contains("retired") ||
      !(*json)["retired"].is_array()) {
    return malformed;
  }
  for (const Json& row : (*json)["retired"]) {
    if (!row.is_object() || row.size() != 3 || !row.contains("machine_public_key") ||
        !row["machine_public_key"].is_string() || !row.contains("serial") ||
        !row["serial"].is_string() || !row.contains("destroyed_at") ||
        !row["destroyed_at"].is_string()) {
      return malformed;
    }
    auto at = ParseInstant(row["destroyed_at"].get<std::string>());
    if (!at) return malformed;
    retired.push_back(
        {row["machine_public_key"].get<std::string>(), row["serial"].get<std::string>(), *at});
  }
  return retired;
}

Status RetireMachineKey(const std::string& dir, const X25519PublicKey& key,
                        const std::string& serial, UnixSeconds now) {
  FRLIC_ASSIGN_OR_RETURN(std::vector<RetiredMachineKey> retired, ReadRetiredMachineKeys(dir));
  retired.push_back({Base64Encode(key.bytes()), serial, now});
  Json rows = Json::array();
  for (const RetiredMachineKey& record : retired) {
    rows.push_back({{"machine_public_key", record.machine_public_key},
                    {"serial", record.serial},
                    {"destroyed_at", FormatInstant(record.destroyed_at)}});
  }
  const std::string text =
      Json{{"format", kMachineRetiredFormat}, {"retired", std::move(rows)}, {"version", 1}}.dump() +
      "\n";
  // Recorded first: if deleting the key fails, the key is still refused.
  FRLIC_RETURN_IF_ERROR(
      WriteFileAtomic(MachineRetiredPath(dir), AsBytes(text), {0644, Overwrite::kYes}));
  std::error_code error;
  std::filesystem::remove(MachineKeyPath(dir), error);
  if (error) {
    return Error(ErrorCode::kIo, "cannot delete " + MachineKeyPath(dir) + ": " + error.message());
  }
  return Ok();
}

Status CheckMachineKeyNotRetired(const std::string& dir) {
  const std::string json_path = MachineJsonPath(dir);
  if (!PathExists(json_path) || !PathExists(MachineRetiredPath(dir))) return Ok();
  FRLIC_ASSIGN_OR_RETURN(Bytes json, ReadFile(json_path, kMaxRifSize));
  std::string_view text = AsText(json);
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  FRLIC_ASSIGN_OR_RETURN(MachineInfo info, ParseMachineInfoJson(text, json_path));
  FRLIC_ASSIGN_OR_RETURN(std::vector<RetiredMachineKey> retired, ReadRetiredMachineKeys(dir));
  const std::string key = Base64Encode(info.machine_public_key().bytes());
  auto it = std::find_if(retired.begin(), retired.end(),
                         [&](const RetiredMachineKey& r) { return r.machine_public_key == key; });
  if (it == retired.end()) return Ok();
  return Error(ErrorCode::kRefused,
               "the machine key of " + dir + " was retired when licence server " + it->serial +
                   " was destroyed on this host (" + FormatInstant(it->destroyed_at) +
                   "); no package issued for it starts again, and its MachineInfo.rif is no "
                   "longer accepted",
               "seed 001: after uninstalling the server, regenerate MachineInfo.rif: run "
               "frlic-sim machine --out " +
                   dir + " --regenerate, and send the new require/MachineInfo.rif with receipt.fr");
}

SecretBytes EncodeMachineKeyFile(const X25519PrivateKey& key) {
  RequireSodium();
  SecretBytes file(kKeyPrefix.size() + kSecretBase64 + kKeySuffix.size());
  auto out = file.reveal_mutable();
  std::memcpy(out.data(), kKeyPrefix.data(), kKeyPrefix.size());
  // sodium_bin2base64 writes a terminating NUL: give it room, then overwrite it.
  char encoded[kSecretBase64 + 1];
  sodium_bin2base64(encoded, sizeof encoded, key.secret().reveal().data(), key.secret().size(),
                    sodium_base64_VARIANT_ORIGINAL);
  std::memcpy(out.data() + kKeyPrefix.size(), encoded, kSecretBase64);
  sodium_memzero(encoded, sizeof encoded);
  std::memcpy(out.data() + kKeyPrefix.size() + kSecretBase64, kKeySuffix.data(), kKeySuffix.size());
  return file;
}

Result<X25519PrivateKey> DecodeMachineKeyFile(const SecretBytes& file,
                                              const std::string& file_name) {
  RequireSodium();
  const auto bytes = file.reveal();
  const std::string_view text = AsText(bytes);
  const Error malformed(ErrorCode::kMalformed,
                        file_name + " is not a frlic machine key file (expected exactly " +
                            std::string(kKeyPrefix) + "<base64>" +
                            std::string(kKeySuffix.substr(0, kKeySuffix.size() - 1)) +
                            " and a line feed)",
                        "run the machine tool again to make a new machine key (and a new "
                        "MachineInfo.rif)");
  if (text.size() != kKeyPrefix.size() + kSecretBase64 + kKeySuffix.size() ||
      text.substr(0, kKeyPrefix.size()) != kKeyPrefix ||
      text.substr(kKeyPrefix.size() + kSecretBase64) != kKeySuffix) {
    return malformed;
  }
  SecretBytes secret(32);
  std::size_t written = 0;
  const char* end = nullptr;
  const char* encoded = text.data() + kKeyPrefix.size();
  if (sodium_base642bin(secret.reveal_mutable().data(), secret.size(), encoded, kSecretBase64,
                        nullptr, &written, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      written != 32 || end != encoded + kSecretBase64) {
    return malformed;
  }
  // Strict base64: the encoding must be the canonical one (no stray padding bits).
  char again[kSecretBase64 + 1];
  sodium_bin2base64(again, sizeof again, secret.reveal().data(), 32,
                    sodium_base64_VARIANT_ORIGINAL);
  const bool canonical = sodium_memcmp(again, encoded, kSecretBase64) == 0;
  sodium_memzero(again, sizeof again);
  if (!canonical) return malformed;
  auto key = X25519PrivateKey::FromSecret(secret);
  if (!key.ok()) return std::move(key).error().Context(file_name);
  return std::move(key).value();
}

Status WriteMachineDir(const std::string& dir, const MachineInfo& info, const X25519PrivateKey& key,
                       ByteView rif, Overwrite overwrite) {
  if (!(key.public_key() == info.machine_public_key())) {
    return Error(ErrorCode::kInvalidInput,
                 "the machine key is not the private half of the machine information's key");
  }
  if (auto header = RifKeyIdOf(rif, "the MachineInfo.rif to write"); !header.ok()) {
    return Error(ErrorCode::kInvalidInput, header.error().message());
  }
  const std::string key_path = MachineKeyPath(dir);
  const std::string json_path = MachineJsonPath(dir);
  const std::string rif_path = MachineRifPath(dir);
  if (overwrite == Overwrite::kNo) {
    for (const std::string& path : {key_path, json_path, rif_path}) {
      if (PathExists(path)) {
        return Error(ErrorCode::kRefused, dir + " already holds a machine (" + path + " exists)",
                     "a new MachineInfo.rif comes with a new machine key, and a licence issued "
                     "for the old one will no longer install; to do that anyway, pass --force");
      }
    }
  }
  FRLIC_RETURN_IF_ERROR(MakeDirectories(std::filesystem::path(rif_path).parent_path().string()));
  const SecretBytes key_file = EncodeMachineKeyFile(key);
  FRLIC_RETURN_IF_ERROR(WriteFileAtomic(key_path, key_file.reveal(), {0600, overwrite}));
  const std::string json = info.ToJson() + "\n";
  FRLIC_RETURN_IF_ERROR(WriteFileAtomic(json_path, AsBytes(json), {0644, overwrite}));
  return WriteFileAtomic(rif_path, rif, {0644, overwrite});
}

Result<MachineDir> LoadMachineDir(const std::string& dir) {
  FRLIC_RETURN_IF_ERROR(CheckMachineKeyNotRetired(dir));
  const std::string key_path = MachineKeyPath(dir);
  const std::string json_path = MachineJsonPath(dir);
  FRLIC_ASSIGN_OR_RETURN(Bytes json, ReadFile(json_path, kMaxRifSize));
  std::string_view text = AsText(json);
  if (text.empty() || text.back() != '\n') {
    return Error(ErrorCode::kMalformed, json_path + " does not end with a line feed");
  }
  text.remove_suffix(1);
  FRLIC_ASSIGN_OR_RETURN(MachineInfo info, ParseMachineInfoJson(text, json_path));
  FRLIC_ASSIGN_OR_RETURN(SecretBytes key_file, ReadSecretFile(key_path, 4096));
  FRLIC_ASSIGN_OR_RETURN(X25519PrivateKey key, DecodeMachineKeyFile(key_file, key_path));
  if (!(key.public_key() == info.machine_public_key())) {
    return Error(ErrorCode::kRefused,
                 key_path + " does not hold the private half of the machine key in " + json_path,
                 "the directory mixes files of two runs of the machine tool; run it again with "
                 "--force and send the new MachineInfo.rif");
  }
  return MachineDir{std::move(info), std::move(key)};
}

}  // namespace frlic
