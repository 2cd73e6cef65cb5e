// receipt.fr: the licence server's proof of destruction, signed by its instance key
// (docs/formats.md, "receipt.fr"). Evidence, not proof: accepted once, by the ledger.
#pragma once

#include <array>
#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/keys/ed25519.h"
#include "frlic/licence/server_licence.h"

namespace frlic {

inline constexpr char kReceiptType[] = "application/vnd.frlic.receipt.v1+json";
inline constexpr char kReceiptFormat[] = "frlic.receipt";

struct Receipt {
  std::string serial;          // the destroyed licence's serial
  std::string key_id;          // the instance key's id (DeriveKeyId(ed25519, instance key))
  std::string licence_sha256;  // hex SHA-256 of the license.json envelope bytes
  Bytes nonce;                 // the licence's nonce, echoed (kReceiptNonceSize bytes)
  std::array<std::uint8_t, 32> instance_public_key{};  // raw Ed25519 public key
  std::string machine_fingerprint;
  UnixSeconds destroyed_at = 0;
};

// The canonical payload bytes (compact JSON, keys sorted) that get signed.
std::string ReceiptPayload(const Receipt& receipt);
// Strict reading of a payload: unknown fields, a version other than 1, malformed values, or
// a key_id that is not the id of instance_public_key are kMalformed, with every problem.
Result<Receipt> ReceiptFromPayload(const Json& payload, const std::string& file);

// Signs under kReceiptType with the instance key; the receipt's key_id and public key are
// taken from the key (whatever `receipt` holds there is ignored).
Result<std::string> MakeReceipt(const Receipt& receipt, const Ed25519PrivateKey& instance_key);
// Unverified: only to learn which serial the receipt claims. Checks the envelope's form, its
// type (kMalformed for any other artifact type) and the payload's fields.
Result<Receipt> PeekReceipt(ByteView file, const std::string& file_name);
// Verified with the instance key the verifier pins (from the ledger, never from the file):
// kUnknownKey if another key signed it, kBadSignature if the signature does not verify,
// kMalformed if the payload's instance_public_key is not the pinned key.
Result<Receipt> OpenReceipt(ByteView file, const Ed25519PublicKey& instance_key,
                            const std::string& file_name);

// The rest of what makes a verified receipt acceptable evidence for `licence` (docs/formats.md
// section 8.7, trust model): it names the licence's serial, the exact license.json it destroyed
// (`licence_sha256`), its nonce, instance key and machine, and it is dated at or after the
// licence's issue and not after `now`. kRefused listing every mismatch. Whether the receipt
// was already consumed is the ledger's to say.
Status CheckReceiptForLicence(const Receipt& receipt, const ServerLicence& licence,
                              const std::string& licence_sha256, UnixSeconds now,
                              const std::string& file_name);

}  // namespace frlic
