// Writes the private-cloud vectors: tests/vectors/server-license/ (license.json envelopes) and
// tests/vectors/receipt/ (receipt.fr envelopes). Deterministic: Ed25519 signatures are, the
// issuer key is the committed example keyring's, and every other key, nonce and fingerprint
// comes from a fixed value written below. The unit tests link this file (without main) and
// check that it reproduces the committed files byte for byte.
// Usage: frlic_make_private_cloud_vectors KEYS_EXAMPLE_DIR LICENCE_OUT_DIR RECEIPT_OUT_DIR
#include <iostream>
#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/keys/key_id.h"
#include "frlic/keys/keyring.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/envelope.h"
#include "frlic/licence/receipt.h"
#include "frlic/licence/server_licence.h"

namespace frlic {
namespace private_cloud_vectors {

// An Ed25519 key from a seed of 32 equal bytes.
Ed25519PrivateKey KeyFromFill(std::uint8_t fill) {
  SecretBytes seed(32);
  for (auto& b : seed.reveal_mutable()) b = fill;
  return Ed25519PrivateKey::FromSeed(seed).value();
}

Ed25519PrivateKey InstanceKey() { return KeyFromFill(0x11); }
Ed25519PrivateKey OtherInstanceKey() { return KeyFromFill(0x22); }
Ed25519PrivateKey StrangerIssuerKey() { return KeyFromFill(0x42); }

Terms VectorTerms() {
  Terms terms;
  terms.method = Method::kPrivateCloud;
  terms.company = "Example Trading Co., Ltd.";
  terms.project = "Group Reporting Platform";
  terms.contract_date = {2026, 10, 15};
  terms.product = {"FineDataLink", "4.1", "4.1.5-20240105"};
  terms.capacity = 3;
  terms.expires = {2027, 10, 14};
  terms.app_names = {"report1", "report2"};
  terms.ip_ranges = {*ParseIpRange("192.168.100.25 - 192.168.100.26"),
                     *ParseIpRange("192.168.0.1")};
  terms.domain = "license.example-trading.com";
  terms.public_ip = *ParseIpv4("203.0.113.10");
  terms.features = {"data-sync", "data-service"};
  return terms;
}

// The golden licence; `issuer_key_id` is the example keyring's signing key.
ServerLicence VectorLicence(const std::string& issuer_key_id) {
  ServerLicence licence;
  licence.serial = "FRL-5EC0DE0000000001";
  licence.key_id = issuer_key_id;
  licence.issued_at = *ParseInstant("2026-11-23T08:00:00Z");
  licence.order_id = "ORD-2026-0102";
  licence.terms = VectorTerms();
  licence.machine_fingerprint = Sha256Hex(AsBytes("frlic vector machine"));
  licence.platform = Platform::kLinuxAmd64;
  licence.instance_public_key = InstanceKey().public_key().bytes();
  for (std::uint8_t i = 0; i < kReceiptNonceSize; ++i) licence.nonce.push_back(i);
  return licence;
}

// The golden receipt for `licence`, whose license.json is `envelope`.
Receipt VectorReceipt(const ServerLicence& licence, const std::string& envelope) {
  Receipt receipt;
  receipt.serial = licence.serial;
  receipt.licence_sha256 = Sha256Hex(AsBytes(envelope));
  receipt.nonce = licence.nonce;
  receipt.machine_fingerprint = licence.machine_fingerprint;
  receipt.destroyed_at = *ParseInstant("2027-02-01T09:30:00Z");
  return receipt;  // key_id and instance_public_key come from the signing key
}

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

}  // namespace private_cloud_vectors

namespace {

int Fail(const std::string& what) {
  std::cerr << "frlic_make_private_cloud_vectors: " << what << "\n";
  return 1;
}

}  // namespace

int MakePrivateCloudVectors(const std::string& keys_dir, const std::string& licence_dir,
                            const std::string& receipt_dir) {
  using namespace private_cloud_vectors;
  auto signer = ExampleSigner(keys_dir);
  if (!signer.ok()) return Fail(signer.error().message());
  const ServerLicence licence = VectorLicence(signer->key_id);
  const std::string payload = ServerLicencePayload(licence);
  const Json base = ParseStrictJson(payload, "payload").value();

  bool ok = true;
  auto write = [&](const std::string& dir, const std::string& name, const std::string& bytes) {
    auto status = WriteFileAtomic(dir + "/" + name, AsBytes(bytes), {0644, Overwrite::kYes});
    if (!status.ok()) std::cerr << status.error().message() << "\n";
    ok &= status.ok();
  };
  auto issue = [&](const std::string& text, std::string_view type = kServerLicenceType) {
    return SignWith(std::get<Ed25519PrivateKey>(signer->key), signer->key_id, type, text);
  };

  // ---- server-license/ ----
  const std::string golden = issue(payload);
  auto licence_file = [&](const std::string& name, const std::string& bytes) {
    write(licence_dir, name, bytes);
  };
  licence_file("golden.json", golden);
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
  licence_file("other-type.json", issue(payload, kContainerLicenceType));
  Json method = base;
  method["terms"]["method"] = "local-container";
  licence_file("other-method.json", issue(method.dump()));
  Json platform = base;
  platform["platform"] = "linux-sparc";
  licence_file("unknown-platform.json", issue(platform.dump()));
  Json nonce = base;
  nonce["nonce"] = Base64Encode(AsBytes("short"));
  licence_file("short-nonce.json", issue(nonce.dump()));
  Json instance = base;
  instance["instance_public_key"] = Base64Encode(AsBytes("not a 32-byte key"));
  licence_file("bad-instance-key.json", issue(instance.dump()));
  Json fingerprint = base;
  fingerprint["machine_fingerprint"] = "ABC";
  licence_file("bad-fingerprint.json", issue(fingerprint.dump()));
  Json lying = base;
  lying["key_id"] = "0000000000000000";
  licence_file("keyid-mismatch.json", issue(lying.dump()));
  std::string raised = payload;
  raised.replace(raised.find("\"capacity\":3"), 12, "\"capacity\":9");
  licence_file("bad-signature.json", ReplacePayload(golden, raised));
  const Ed25519PrivateKey stranger = StrangerIssuerKey();
  Json foreign = base;
  foreign["key_id"] = KeyIdOf(stranger);
  licence_file("unknown-key.json",
               SignWith(stranger, KeyIdOf(stranger), kServerLicenceType, foreign.dump()));
  std::string spaced = golden;
  spaced.insert(1, " ");
  licence_file("noncanonical.json", spaced);
  licence_file("truncated.json", golden.substr(0, golden.size() / 2));
  licence_file("empty.json", "");

  // ---- receipt/ ----
  const Ed25519PrivateKey instance_key = InstanceKey();
  const Ed25519PrivateKey other_key = OtherInstanceKey();
  const std::string instance_id = KeyIdOf(instance_key);
  const Receipt receipt = VectorReceipt(licence, golden);
  auto golden_receipt = MakeReceipt(receipt, instance_key);
  if (!golden_receipt.ok()) return Fail(golden_receipt.error().message());
  const std::string receipt_payload =
      std::string(AsText(ReadEnvelopeUnverified(AsBytes(*golden_receipt), "r")->payload));
  const Json rbase = ParseStrictJson(receipt_payload, "receipt").value();
  auto receipt_file = [&](const std::string& name, const std::string& bytes) {
    write(receipt_dir, name, bytes);
  };
  auto by_instance = [&](const std::string& text, std::string_view type = kReceiptType) {
    return SignWith(instance_key, instance_id, type, text);
  };
  receipt_file("golden.fr", *golden_receipt);
  receipt_file("other-instance.fr", MakeReceipt(receipt, other_key).value());
  Json issuer_payload = rbase;
  issuer_payload["key_id"] = signer->key_id;
  receipt_file("issuer-signed.fr", issue(issuer_payload.dump(), kReceiptType));
  receipt_file("licence-as-receipt.fr", golden);
  receipt_file("receipt-as-licence-type.fr", by_instance(receipt_payload, kServerLicenceType));
  std::string moved = receipt_payload;
  moved.replace(moved.find("2027-02-01T09:30:00Z"), 20, "2027-02-02T09:30:00Z");
  receipt_file("bad-signature.fr", ReplacePayload(*golden_receipt, moved));
  Json other_public = rbase;
  other_public["instance_public_key"] = Base64Encode(ByteView(other_key.public_key().bytes()));
  receipt_file("key-mismatch.fr", by_instance(other_public.dump()));
  Json rextra = rbase;
  rextra["comment"] = "destroyed twice";
  receipt_file("unknown-field.fr", by_instance(rextra.dump()));
  Json rversion = rbase;
  rversion["version"] = 2;
  receipt_file("unknown-version.fr", by_instance(rversion.dump()));
  Json rformat = rbase;
  rformat["format"] = kServerLicenceFormat;
  receipt_file("wrong-format.fr", by_instance(rformat.dump()));
  Receipt other_serial = receipt;
  other_serial.serial = "FRL-5EC0DE0000000002";
  receipt_file("other-serial.fr", MakeReceipt(other_serial, instance_key).value());
  Receipt future = receipt;
  future.destroyed_at = *ParseInstant("2027-06-01T00:00:00Z");
  receipt_file("future.fr", MakeReceipt(future, instance_key).value());
  Receipt other_machine = receipt;
  other_machine.machine_fingerprint = Sha256Hex(AsBytes("another machine"));
  receipt_file("other-machine.fr", MakeReceipt(other_machine, instance_key).value());
  Receipt other_nonce = receipt;
  other_nonce.nonce = Bytes(kReceiptNonceSize, 0xAA);
  receipt_file("other-nonce.fr", MakeReceipt(other_nonce, instance_key).value());
  // Domain separation the other way: a receipt never opens as a server licence.
  licence_file("receipt-as-licence.json", *golden_receipt);
  std::string rspaced = *golden_receipt;
  rspaced.insert(rspaced.size() - 1, " ");
  receipt_file("noncanonical.fr", rspaced);
  receipt_file("truncated.fr", golden_receipt->substr(0, golden_receipt->size() / 2));
  receipt_file("empty.fr", "");
  return ok ? 0 : Fail("could not write every vector");
}

}  // namespace frlic

#ifndef FRLIC_VECTORS_NO_MAIN
int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: frlic_make_private_cloud_vectors KEYS_EXAMPLE_DIR LICENCE_OUT_DIR "
                 "RECEIPT_OUT_DIR\n";
    return 2;
  }
  return frlic::MakePrivateCloudVectors(argv[1], argv[2], argv[3]);
}
#endif
