// Writes the Container.lic vectors of tests/vectors/container-license/ (except golden.lic,
// which `frlic issue` makes; see README there). Deterministic: Ed25519 signatures are, and
// every key comes from the committed example keyring or a fixed seed.
// Usage: frlic_make_vectors KEYS_EXAMPLE_DIR OUT_DIR
#include <array>
#include <iostream>
#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/keys/key_id.h"
#include "frlic/keys/keyring.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/envelope.h"

namespace frlic {
namespace {

int Fail(const std::string& what) {
  std::cerr << "frlic_make_vectors: " << what << "\n";
  return 1;
}

}  // namespace

int MakeVectors(const std::string& keys_dir, const std::string& out_dir) {
  auto passphrase_file = ReadFile(keys_dir + "/PASSPHRASE");
  if (!passphrase_file.ok()) return Fail(passphrase_file.error().message());
  std::string passphrase(AsText(*passphrase_file));
  while (!passphrase.empty() && passphrase.back() == '\n') passphrase.pop_back();
  auto keyring = Keyring::Load(keys_dir);
  if (!keyring.ok()) return Fail(keyring.error().message());
  // The committed key files are 0644 in a checkout; decrypt from a copy in memory instead.
  const KeyEntry* entry = keyring->ActiveSigningKey();
  auto file = ReadFile(keys_dir + "/" + entry->private_file);
  if (!file.ok()) return Fail(file.error().message());
  auto decrypted = DecryptKeyFile(SecretBytes::CopyFrom(AsText(*file)), entry->private_file,
                                  SecretBytes::CopyFrom(std::string_view(passphrase)));
  if (!decrypted.ok()) return Fail(decrypted.error().message());
  auto key = Ed25519PrivateKey::FromSeed(decrypted->secret);
  if (!key.ok()) return Fail(key.error().message());
  Signer signer{entry->key_id, std::move(key).value()};

  auto golden = ReadFile(out_dir + "/golden.lic");
  if (!golden.ok())
    return Fail("run frlic issue for golden.lic first: " + golden.error().message());
  auto opened = OpenEnvelope(*golden, kContainerLicenceType, *keyring, "golden.lic");
  if (!opened.ok()) return Fail(opened.error().message());
  const Json base = opened->payload_json;

  auto write = [&](const std::string& name, const std::string& bytes) {
    auto status = WriteFileAtomic(out_dir + "/" + name, AsBytes(bytes), {0644, Overwrite::kYes});
    if (!status.ok()) std::cerr << status.error().message() << "\n";
    return status.ok();
  };
  auto sign = [&](const std::string& name, const std::string& payload,
                  const std::string& type = kContainerLicenceType) {
    auto envelope = MakeEnvelope(type, AsBytes(payload), signer);
    return envelope.ok() && write(name, *envelope);
  };

  bool ok = true;
  Json expired = base;
  expired["terms"]["expires"] = "2026-11-22";
  ok &= sign("expired.lic", expired.dump());
  Json version2 = base;
  version2["version"] = 2;
  ok &= sign("unknown-version.lic", version2.dump());
  Json extra = base;
  extra["admin"] = true;
  ok &= sign("unknown-field.lic", extra.dump());
  std::string duplicate = base.dump();
  duplicate.insert(1, "\"serial\":\"FRL-0000000000000000\",");
  ok &= sign("duplicate-key.lic", duplicate);
  ok &= sign("other-type.lic", base.dump(), "application/vnd.frlic.receipt.v1+json");
  Json method = base;
  method["terms"]["method"] = "public-cloud";
  ok &= sign("other-method.lic", method.dump());
  Json lying = base;
  lying["key_id"] = "0000000000000000";
  ok &= sign("keyid-mismatch.lic", lying.dump());

  // The golden payload with capacity raised, re-encoded under the original signature.
  std::string raised(AsText(opened->payload));
  raised.replace(raised.find("\"capacity\":2"), 12, "\"capacity\":9");
  const Json golden_json = ParseStrictJson(AsText(*golden), "golden.lic").value();
  const Bytes golden_signature =
      *Base64Decode(golden_json["signatures"][0]["sig"].get<std::string>());
  ok &= write("bad-signature.lic", SignEnvelope(kContainerLicenceType, AsBytes(raised),
                                                opened->key_id, golden_signature));
  // Signed by a key that is not in the example keyring (seed: 32 bytes of 0x42).
  SecretBytes stranger_seed(32);
  for (auto& b : stranger_seed.reveal_mutable()) b = 0x42;
  auto stranger = Ed25519PrivateKey::FromSeed(stranger_seed);
  const std::string stranger_id =
      DeriveKeyId(KeyAlgorithm::kEd25519, ByteView(stranger->public_key().bytes()));
  Json foreign = base;
  foreign["key_id"] = stranger_id;
  Signer stranger_signer{stranger_id, std::move(stranger).value()};
  auto foreign_envelope =
      MakeEnvelope(kContainerLicenceType, AsBytes(foreign.dump()), stranger_signer);
  ok &= foreign_envelope.ok() && write("unknown-key.lic", *foreign_envelope);
  // Same content, not in the one canonical serialisation.
  std::string spaced(AsText(*golden));
  spaced.insert(1, " ");
  ok &= write("noncanonical.lic", spaced);
  ok &= write("truncated.lic", std::string(AsText(*golden)).substr(0, golden->size() / 2));
  ok &= write("empty.lic", "");
  return ok ? 0 : Fail("could not write every vector");
}

}  // namespace frlic

#ifndef FRLIC_VECTORS_NO_MAIN
int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: frlic_make_vectors KEYS_EXAMPLE_DIR OUT_DIR\n";
    return 2;
  }
  return frlic::MakeVectors(argv[1], argv[2]);
}
#endif
