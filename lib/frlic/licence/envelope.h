// Every signed artifact is a DSSE envelope (docs/formats.md, "Signed envelope"): the payload
// bytes are signed verbatim under PAE(payloadType, payload), so the payload type is the
// domain-separation context and a receipt signature can never pass as a licence signature.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "frlic/core/bytes.h"
#include "frlic/core/status.h"
#include "frlic/core/strict_json.h"
#include "frlic/keys/ed25519.h"
#include "frlic/keys/keyring.h"

namespace frlic {

// DSSE v1 pre-authentication encoding:
// "DSSEv1" SP LEN(type) SP type SP LEN(payload) SP payload, lengths in ASCII decimal.
Bytes PreAuthEncoding(std::string_view payload_type, ByteView payload);

// The envelope file: {"payload":B64,"payloadType":T,"signatures":[{"keyid":K,"sig":B64}]}
// followed by one "\n", compact, keys in this order. Exactly one signature.
std::string SignEnvelope(std::string_view payload_type, ByteView payload, const std::string& key_id,
                         ByteView signature);

// Signs `payload` under `payload_type` with the signer and returns the envelope bytes.
Result<std::string> MakeEnvelope(std::string_view payload_type, ByteView payload,
                                 const Signer& signer);

// MakeEnvelope for an artifact: the envelope is returned only if `open` accepts it, and `open`
// must open it as the customer's side will, verifying its signature with the signer's public
// key (OpenContainerLicence, OpenServerLicence, ...). That verification is the signature's
// only check (Signer::SignUnchecked): a signature that does not verify never leaves here.
Result<std::string> MakeVerifiedEnvelope(std::string_view payload_type, ByteView payload,
                                         const Signer& signer,
                                         const std::function<Status(ByteView envelope)>& open);

struct OpenedEnvelope {
  std::string payload_type;
  std::string key_id;
  Bytes payload;  // exactly the bytes that were signed
  Json payload_json;
};

// Verifies and parses in this order, failing at the first step that does not hold:
// 1. the file is exactly the canonical envelope serialisation (kMalformed);
// 2. payloadType equals `expected_type` (kMalformed: wrong artifact type);
// 3. keyid names a signing key of `keys` (kUnknownKey);
// 4. the signature verifies over PAE(type, payload) with that pinned Ed25519 key (kBadSignature);
// 5. the payload is strict JSON whose "key_id" equals the envelope's keyid (kMalformed).
Result<OpenedEnvelope> OpenEnvelope(ByteView file_bytes, std::string_view expected_type,
                                    const Keyring& keys, const std::string& file);

// The same steps, but step 3 takes the one key the verifier pins (for example an instance
// key from the ledger): the envelope's keyid must be that key's id, else kUnknownKey.
Result<OpenedEnvelope> OpenEnvelopeWithKey(ByteView file_bytes, std::string_view expected_type,
                                           const Ed25519PublicKey& key, const std::string& file);

// Parses without verifying anything: for reading which serial or key a file claims, before
// the verifier knows which key to pin. Never trust its contents.
Result<OpenedEnvelope> ReadEnvelopeUnverified(ByteView file_bytes, const std::string& file);

// Reads just the payload type of an envelope without verifying anything (for `inspect`).
Result<std::string> PeekPayloadType(ByteView file_bytes, const std::string& file);

}  // namespace frlic
