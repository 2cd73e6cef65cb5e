// Writes the container-private-cloud vectors: tests/vectors/component-license/ (the component
// licence, /app/config/license.json, and the instance key as the image carries it) and
// tests/vectors/private-config/ (privateConfig envelopes). Deterministic: Ed25519 signatures
// are, the issuer key is the committed example keyring's, and every other key, id and instant
// is a fixed value written below. The unit tests link this file (without main) and check that
// it reproduces the committed files byte for byte.
// Usage: frlic_make_container_cloud_vectors KEYS_EXAMPLE_DIR LICENCE_OUT_DIR CONFIG_OUT_DIR
#include <iostream>
#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/keys/key_file.h"
#include "frlic/keys/key_id.h"
#include "frlic/keys/keyring.h"
#include "frlic/keys/pem.h"
#include "frlic/licence/component_licence.h"
#include "frlic/licence/envelope.h"
#include "frlic/licence/private_config.h"
#include "frlic/licence/receipt.h"
#include "frlic/licence/server_licence.h"

namespace frlic {
namespace container_cloud_vectors {

// Small equivalents of the private-cloud generator's helpers (make_private_cloud_vectors.cc),
// repeated here so that this generator builds on its own as frlic_make_container_cloud_vectors.

// An Ed25519 key from a seed of 32 equal bytes.
Ed25519PrivateKey KeyFromFill(std::uint8_t fill) {
  SecretBytes seed(32);
  for (auto& b : seed.reveal_mutable()) b = fill;
  return Ed25519PrivateKey::FromSeed(seed).value();
}

Ed25519PrivateKey InstanceKey() { return KeyFromFill(0x11); }
Ed25519PrivateKey OtherInstanceKey() { return KeyFromFill(0x22); }
Ed25519PrivateKey StrangerIssuerKey() { return KeyFromFill(0x42); }

// The example keyring's signing key, decrypted from the committed files (which are 0644 in a
// checkout, so not through Keyring::UnlockSigner).
Result<Signer> ExampleSigner(const std::string& keys_dir) {
  FRLIC_ASSIGN_OR_RETURN(Bytes passphrase_file, ReadFile(keys_dir + "/PASSPHRASE"));
  std::string passphrase(AsText(passphrase_file));
  while (!passphrase.empty() && passphrase.back() == '\n') passphrase.pop_back();
  FRLIC_ASSIGN_OR_RETURN(Keyring keyring, Keyring::Load(keys_dir));
  const KeyEntry* entry = keyring.ActiveSigningKey();
  if (entry == nullptr) return Error(ErrorCode::kNotFound, keys_dir + " has no signing key");
  FRLIC_ASSIGN_OR_RETURN(Bytes file, ReadFile(keys_dir + "/" + entry->private_file));
  FRLIC_ASSIGN_OR_RETURN(DecryptedKey decrypted,
                         DecryptKeyFile(SecretBytes::CopyFrom(AsText(file)), entry->private_file,
                                        SecretBytes::CopyFrom(std::string_view(passphrase))));
  FRLIC_ASSIGN_OR_RETURN(Ed25519PrivateKey key, Ed25519PrivateKey::FromSeed(decrypted.secret));
  return Signer{entry->key_id, std::move(key)};
}

// An envelope of `payload` under `type`, signed by `key` and naming `key_id`.
std::string SignWith(const Ed25519PrivateKey& key, const std::string& key_id, std::string_view type,
                     const std::string& payload) {
  Bytes signature = key.Sign(PreAuthEncoding(type, AsBytes(payload))).value();
  return SignEnvelope(type, AsBytes(payload), key_id, signature);
}

std::string KeyIdOf(const Ed25519PrivateKey& key) {
  return DeriveKeyId(KeyAlgorithm::kEd25519, ByteView(key.public_key().bytes()));
}

// The envelope with its payload replaced but its signature kept.
std::string ReplacePayload(const std::string& envelope, const std::string& payload) {
  Json json = ParseStrictJson(envelope, "vector").value();
  Bytes signature = *Base64Decode(json["signatures"][0]["sig"].get<std::string>());
  return SignEnvelope(json["payloadType"].get<std::string>(), AsBytes(payload),
                      json["signatures"][0]["keyid"].get<std::string>(), signature);
}

// The terms of templates/orders/container-private-cloud.yaml (port 18081 written out, as
// frlic issue writes it).
Terms VectorTerms() {
  Terms terms;
  terms.method = Method::kContainerPrivateCloud;
  terms.company = "Example Trading Co., Ltd.";
  terms.project = "Finance Reports";
  terms.contract_date = {2026, 9, 30};
  terms.product = {"FineReport", "11.0", "11.0.26-20240830"};
  terms.capacity = 4;
  terms.expires = {2027, 9, 29};
  terms.app_names = {"finance"};
  terms.port = kDefaultComponentPort;
  terms.features = {"reporting"};
  return terms;
}

// The golden component licence; `issuer_key_id` is the example keyring's signing key.
ComponentLicence VectorLicence(const std::string& issuer_key_id) {
  ComponentLicence licence;
  licence.serial = "FRL-5EC0DE0000000003";
  licence.key_id = issuer_key_id;
  licence.issued_at = *ParseInstant("2026-11-23T08:00:00Z");
  licence.order_id = "ORD-2026-0103";
  licence.terms = VectorTerms();
  licence.instance_public_key = InstanceKey().public_key().bytes();
  return licence;
}

// The golden privateConfig for the licence whose license.json has digest `licence_sha256`.
PrivateConfig VectorPrivateConfig(const ComponentLicence& licence,
                                  const std::string& licence_sha256) {
  PrivateConfig config;
  config.serial = licence.serial;
  Bytes instance_id;
  for (std::uint8_t i = 0; i < kInstanceIdSize; ++i) instance_id.push_back(i);
  config.instance_id = HexEncode(instance_id);
  config.licence_sha256 = licence_sha256;
  config.deployed_at = *ParseInstant("2027-02-01T09:30:00Z");
  config.port = ComponentPort(licence.terms);
  return config;  // key_id and instance_public_key come from the signing key
}

}  // namespace container_cloud_vectors

namespace {

int Fail(const std::string& what) {
  std::cerr << "frlic_make_container_cloud_vectors: " << what << "\n";
  return 1;
}

}  // namespace

int MakeContainerCloudVectors(const std::string& keys_dir, const std::string& licence_dir,
                              const std::string& config_dir) {
  using namespace container_cloud_vectors;
  auto signer = ExampleSigner(keys_dir);
  if (!signer.ok()) return Fail(signer.error().message());
  const ComponentLicence licence = VectorLicence(signer->key_id);
  const std::string payload = ComponentLicencePayload(licence);
  const Json base = ParseStrictJson(payload, "payload").value();

  bool ok = true;
  auto write = [&](const std::string& dir, const std::string& name, ByteView bytes) {
    auto status = WriteFileAtomic(dir + "/" + name, bytes, {0644, Overwrite::kYes});
    if (!status.ok()) std::cerr << status.error().message() << "\n";
    ok &= status.ok();
  };
  auto issue = [&](const std::string& text, std::string_view type = kComponentLicenceType) {
    return SignWith(std::get<Ed25519PrivateKey>(signer->key), signer->key_id, type, text);
  };
  auto licence_file = [&](const std::string& name, const std::string& bytes) {
    write(licence_dir, name, AsBytes(bytes));
  };

  // ---- component-license/ ----
  const std::string golden = issue(payload);
  licence_file("golden.json", golden);
  const Ed25519PrivateKey instance_key = InstanceKey();
  auto pem = Ed25519SeedToPem(instance_key.seed());
  if (!pem.ok()) return Fail(pem.error().message());
  write(licence_dir, "golden-instance.key", pem->reveal());
  licence_file("other-type.json", issue(payload, kServerLicenceType));
  Json version2 = base;
  version2["version"] = 2;
  licence_file("unknown-version.json", issue(version2.dump()));
  Json extra = base;
  extra["admin"] = true;
  licence_file("unknown-field.json", issue(extra.dump()));
  Json extra_terms = base;
  extra_terms["terms"]["max_nodes"] = 100;
  licence_file("unknown-terms-field.json", issue(extra_terms.dump()));
  std::string duplicate = payload;
  duplicate.insert(1, "\"capacity\":100,\"terms\":{},");
  licence_file("duplicate-key.json", issue(duplicate));
  Json method = base;
  method["terms"]["method"] = "private-cloud";
  licence_file("other-method.json", issue(method.dump()));
  Json no_port = base;
  no_port["terms"].erase("port");
  licence_file("no-port.json", issue(no_port.dump()));
  Json zero_port = base;
  zero_port["terms"]["port"] = 0;
  licence_file("zero-port.json", issue(zero_port.dump()));
  Json instance = base;
  instance["instance_public_key"] = Base64Encode(AsBytes("not a 32-byte key"));
  licence_file("bad-instance-key.json", issue(instance.dump()));
  Json lying = base;
  lying["key_id"] = "0000000000000000";
  licence_file("keyid-mismatch.json", issue(lying.dump()));
  std::string raised = payload;
  raised.replace(raised.find("\"capacity\":4"), 12, "\"capacity\":9");
  licence_file("bad-signature.json", ReplacePayload(golden, raised));
  const Ed25519PrivateKey stranger = StrangerIssuerKey();
  Json foreign = base;
  foreign["key_id"] = KeyIdOf(stranger);
  licence_file("unknown-key.json",
               SignWith(stranger, KeyIdOf(stranger), kComponentLicenceType, foreign.dump()));
  std::string spaced = golden;
  spaced.insert(1, " ");
  licence_file("noncanonical.json", spaced);
  licence_file("truncated.json", golden.substr(0, golden.size() / 2));
  licence_file("empty.json", "");

  // ---- private-config/ ----
  const Ed25519PrivateKey other_key = OtherInstanceKey();
  const std::string instance_id = KeyIdOf(instance_key);
  const PrivateConfig config = VectorPrivateConfig(licence, Sha256Hex(AsBytes(golden)));
  auto golden_config = MakePrivateConfig(config, instance_key);
  if (!golden_config.ok()) return Fail(golden_config.error().message());
  const std::string config_payload =
      std::string(AsText(ReadEnvelopeUnverified(AsBytes(*golden_config), "c")->payload));
  const Json cbase = ParseStrictJson(config_payload, "privateConfig").value();
  auto config_file = [&](const std::string& name, const std::string& bytes) {
    write(config_dir, name, AsBytes(bytes));
  };
  auto by_instance = [&](const std::string& text, std::string_view type = kPrivateConfigType) {
    return SignWith(instance_key, instance_id, type, text);
  };
  auto made = [&](const PrivateConfig& c, const Ed25519PrivateKey& key) {
    return MakePrivateConfig(c, key).value();
  };
  auto deployed = [&](const char* instant) {
    PrivateConfig c = config;
    c.deployed_at = *ParseInstant(instant);
    return made(c, instance_key);
  };
  config_file("golden.privateConfig", *golden_config);
  config_file("other-instance.privateConfig", made(config, other_key));
  config_file("issuer-signed.privateConfig",
              made(config, std::get<Ed25519PrivateKey>(signer->key)));
  config_file("licence-as-config.privateConfig", golden);
  config_file("config-as-licence-type.privateConfig",
              by_instance(config_payload, kComponentLicenceType));
  Receipt receipt;
  receipt.serial = config.serial;
  receipt.licence_sha256 = config.licence_sha256;
  for (std::uint8_t i = 0; i < kReceiptNonceSize; ++i) receipt.nonce.push_back(i);
  receipt.machine_fingerprint = Sha256Hex(AsBytes("frlic vector machine"));
  receipt.destroyed_at = config.deployed_at;
  config_file("receipt-as-config.privateConfig", MakeReceipt(receipt, instance_key).value());
  std::string moved = config_payload;
  moved.replace(moved.find("2027-02-01T09:30:00Z"), 20, "2027-02-02T09:30:00Z");
  config_file("bad-signature.privateConfig", ReplacePayload(*golden_config, moved));
  Json cextra = cbase;
  cextra["comment"] = "moved to a new host";
  config_file("unknown-field.privateConfig", by_instance(cextra.dump()));
  Json cversion = cbase;
  cversion["version"] = 2;
  config_file("unknown-version.privateConfig", by_instance(cversion.dump()));
  Json cformat = cbase;
  cformat["format"] = kReceiptFormat;
  config_file("wrong-format.privateConfig", by_instance(cformat.dump()));
  Json other_public = cbase;
  other_public["instance_public_key"] = Base64Encode(ByteView(other_key.public_key().bytes()));
  config_file("key-mismatch.privateConfig", by_instance(other_public.dump()));
  Json port0 = cbase;
  port0["port"] = 0;
  config_file("bad-port-0.privateConfig", by_instance(port0.dump()));
  Json port70000 = cbase;
  port70000["port"] = 70000;
  config_file("bad-port-70000.privateConfig", by_instance(port70000.dump()));
  Json upper_id = cbase;
  upper_id["instance_id"] = "000102030405060708090A0B0C0D0E0F";
  config_file("bad-instance-id.privateConfig", by_instance(upper_id.dump()));
  std::string cspaced = *golden_config;
  cspaced.insert(cspaced.size() - 1, " ");
  config_file("noncanonical.privateConfig", cspaced);
  config_file("truncated.privateConfig", golden_config->substr(0, golden_config->size() / 2));
  config_file("empty.privateConfig", "");
  PrivateConfig other_serial = config;
  other_serial.serial = "FRL-5EC0DE0000000002";
  config_file("other-serial.privateConfig", made(other_serial, instance_key));
  PrivateConfig other_licence = config;
  other_licence.licence_sha256 = Sha256Hex(AsBytes("another licence"));
  config_file("other-licence.privateConfig", made(other_licence, instance_key));
  config_file("future.privateConfig", deployed("2030-01-01T00:00:00Z"));
  config_file("before-issue.privateConfig", deployed("2026-01-01T00:00:00Z"));
  // The boundaries of issued_at <= deployed_at <= now + 300 s, with now 2027-03-01T00:00:00Z.
  config_file("at-issue.privateConfig", deployed("2026-11-23T08:00:00Z"));
  config_file("second-before-issue.privateConfig", deployed("2026-11-23T07:59:59Z"));
  config_file("skew-limit.privateConfig", deployed("2027-03-01T00:05:00Z"));
  config_file("past-skew.privateConfig", deployed("2027-03-01T00:05:01Z"));
  // Domain separation the other way: a privateConfig never opens as a component licence.
  licence_file("private-config-as-licence.json", *golden_config);
  return ok ? 0 : Fail("could not write every vector");
}

}  // namespace frlic

#ifndef FRLIC_VECTORS_NO_MAIN
int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: frlic_make_container_cloud_vectors KEYS_EXAMPLE_DIR LICENCE_OUT_DIR "
                 "CONFIG_OUT_DIR\n";
    return 2;
  }
  return frlic::MakeContainerCloudVectors(argv[1], argv[2], argv[3]);
}
#endif
