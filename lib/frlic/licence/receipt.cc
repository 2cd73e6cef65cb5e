#include "frlic/licence/receipt.h"

#include <algorithm>

#include "frlic/core/time.h"
#include "frlic/keys/key_id.h"
#include "frlic/licence/envelope.h"
#include "frlic/licence/payload_fields.h"

namespace frlic {

std::string ReceiptPayload(const Receipt& receipt) {
  Json payload = {
      {"format", kReceiptFormat},
      {"version", 1},
      {"serial", receipt.serial},
      {"key_id", receipt.key_id},
      {"licence_sha256", receipt.licence_sha256},
      {"nonce", Base64Encode(receipt.nonce)},
      {"instance_public_key", Base64Encode(ByteView(receipt.instance_public_key))},
      {"machine_fingerprint", receipt.machine_fingerprint},
      {"destroyed_at", FormatInstant(receipt.destroyed_at)},
  };
  return payload.dump();
}

Result<Receipt> ReceiptFromPayload(const Json& payload, const std::string& file) {
  namespace pf = payload_fields;
  JsonFields fields(payload, file);
  fields.RejectUnknown({"format", "version", "serial", "key_id", "licence_sha256", "nonce",
                        "instance_public_key", "machine_fingerprint", "destroyed_at"});
  pf::FormatAndVersion(fields, kReceiptFormat, "a receipt");
  Receipt receipt;
  receipt.serial = pf::Serial(fields, "serial").value_or("");
  auto key_id = pf::KeyId(fields, "key_id");
  receipt.key_id = key_id.value_or("");
  receipt.licence_sha256 = pf::Hex64(fields, "licence_sha256").value_or("");
  receipt.nonce = pf::FixedBase64(fields, "nonce", kReceiptNonceSize).value_or(Bytes{});
  auto key = pf::FixedBase64(fields, "instance_public_key", kEd25519PublicKeySize);
  if (key) std::copy(key->begin(), key->end(), receipt.instance_public_key.begin());
  receipt.machine_fingerprint = pf::Hex64(fields, "machine_fingerprint").value_or("");
  receipt.destroyed_at = pf::Instant(fields, "destroyed_at").value_or(0);
  if (key && key_id) {
    const std::string derived = DeriveKeyId(KeyAlgorithm::kEd25519, *key);
    if (derived != *key_id) {
      fields.Add("key_id", "is not the id of instance_public_key", *key_id, derived);
    }
  }
  if (!fields.problems().empty()) {
    return Error(ErrorCode::kMalformed, file + ": the receipt payload is not valid",
                 std::move(fields.problems()));
  }
  return receipt;
}

Result<std::string> MakeReceipt(const Receipt& receipt, const Ed25519PrivateKey& instance_key) {
  Receipt signed_receipt = receipt;
  signed_receipt.instance_public_key = instance_key.public_key().bytes();
  signed_receipt.key_id =
      DeriveKeyId(KeyAlgorithm::kEd25519, ByteView(signed_receipt.instance_public_key));
  if (signed_receipt.nonce.size() != kReceiptNonceSize) {
    return Error(ErrorCode::kInvalidInput, "a receipt's nonce must be " +
                                               std::to_string(kReceiptNonceSize) + " bytes, not " +
                                               std::to_string(signed_receipt.nonce.size()));
  }
  const std::string payload = ReceiptPayload(signed_receipt);
  // Read back what is about to be signed: a receipt frlic cannot open is never written.
  FRLIC_ASSIGN_OR_RETURN(Json json, ParseStrictJson(payload, "receipt payload"));
  auto check = ReceiptFromPayload(json, "receipt payload");
  if (!check.ok()) {
    return Error(ErrorCode::kInvalidInput, "the receipt to sign is not valid",
                 check.error().problems());
  }
  FRLIC_ASSIGN_OR_RETURN(Bytes signature,
                         instance_key.Sign(PreAuthEncoding(kReceiptType, AsBytes(payload))));
  return SignEnvelope(kReceiptType, AsBytes(payload), signed_receipt.key_id, signature);
}

Result<Receipt> PeekReceipt(ByteView file, const std::string& file_name) {
  FRLIC_ASSIGN_OR_RETURN(OpenedEnvelope opened, ReadEnvelopeUnverified(file, file_name));
  if (opened.payload_type != kReceiptType) {
    return Error(ErrorCode::kMalformed, file_name + " is a \"" + opened.payload_type +
                                            "\" file, not a receipt (\"" + kReceiptType + "\")");
  }
  FRLIC_ASSIGN_OR_RETURN(Receipt receipt, ReceiptFromPayload(opened.payload_json, file_name));
  if (receipt.key_id != opened.key_id) {
    return Error(ErrorCode::kMalformed,
                 file_name + ": the signed payload's key_id does not name the key that signed it");
  }
  return receipt;
}

Result<Receipt> OpenReceipt(ByteView file, const Ed25519PublicKey& instance_key,
                            const std::string& file_name) {
  FRLIC_ASSIGN_OR_RETURN(OpenedEnvelope opened,
                         OpenEnvelopeWithKey(file, kReceiptType, instance_key, file_name));
  FRLIC_ASSIGN_OR_RETURN(Receipt receipt, ReceiptFromPayload(opened.payload_json, file_name));
  if (receipt.instance_public_key != instance_key.bytes()) {
    return Error(ErrorCode::kMalformed,
                 file_name + ": the receipt's instance_public_key is not the key that signed it");
  }
  return receipt;
}

Status CheckReceiptForLicence(const Receipt& receipt, const ServerLicence& licence,
                              const std::string& licence_sha256, UnixSeconds now,
                              const std::string& file_name) {
  std::vector<Problem> problems;
  auto mismatch = [&](const char* field, std::string message, std::string found,
                      std::string expected) {
    problems.push_back(
        Problem{file_name, 0, 0, field, std::move(message), std::move(found), std::move(expected)});
  };
  if (receipt.serial != licence.serial) {
    mismatch("serial", "names another licence", receipt.serial, licence.serial);
  }
  if (receipt.licence_sha256 != licence_sha256) {
    mismatch("licence_sha256", "is not the digest of the licence it destroys",
             receipt.licence_sha256, licence_sha256);
  }
  if (receipt.nonce != licence.nonce) {
    mismatch("nonce", "does not echo the licence's nonce", Base64Encode(receipt.nonce),
             Base64Encode(licence.nonce));
  }
  if (receipt.instance_public_key != licence.instance_public_key) {
    mismatch("instance_public_key", "is not the licence's instance key",
             Base64Encode(ByteView(receipt.instance_public_key)),
             Base64Encode(ByteView(licence.instance_public_key)));
  }
  if (receipt.machine_fingerprint != licence.machine_fingerprint) {
    mismatch("machine_fingerprint", "is not the machine the licence was bound to",
             receipt.machine_fingerprint, licence.machine_fingerprint);
  }
  if (receipt.destroyed_at < licence.issued_at) {
    mismatch("destroyed_at", "is before the licence was issued",
             FormatInstant(receipt.destroyed_at),
             "at or after " + FormatInstant(licence.issued_at));
  }
  if (receipt.destroyed_at > now) {
    mismatch("destroyed_at", "is in the future", FormatInstant(receipt.destroyed_at),
             "at or before " + FormatInstant(now));
  }
  if (!problems.empty()) {
    return Error(ErrorCode::kRefused, file_name + " is not a receipt for licence " + licence.serial,
                 std::move(problems));
  }
  return Ok();
}

}  // namespace frlic
