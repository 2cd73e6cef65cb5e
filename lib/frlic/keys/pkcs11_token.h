// A signing key kept in a PKCS#11 token (an HSM, a cloud KMS behind PKCS#11, SoftHSM in the
// tests), named by an RFC 7512 "pkcs11:" URI. The token makes every Ed25519 signature
// (CKM_EDDSA); the private key is created sensitive and not extractable, so it never leaves it.
// Reached through the PKCS#11 API with p11-kit, which parses the URI and loads the token's
// module (docs/formats.md, "Keys in a PKCS#11 token").
#pragma once

#include <memory>
#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/ed25519.h"

namespace frlic {

// kOk when `uri` is a pkcs11: URI a keyring may keep: it parses (RFC 7512), names a token
// (token= or serial=) and a key (object= or id=), and holds no PIN (pin-value=: a keyring keeps
// no secret; pin-source= is refused too, the PIN comes from frlic's own sources). kInvalidInput
// naming what is wrong otherwise.
Status CheckTokenKeyUri(const std::string& uri);

class TokenKey {
 public:
  // Opens a session on the token that `uri` names, logs in with `pin` and finds the Ed25519
  // private key and its public half (the public key object with the same CKA_ID, else the
  // private object's CKA_EC_POINT). The module is the URI's module-path, else every module
  // p11-kit is configured with. kNotFound for no such token or key; kRefused for a wrong PIN or
  // a locked token; kInvalidInput when the URI matches several tokens or keys.
  static Result<std::unique_ptr<TokenKey>> Open(const std::string& uri, const SecretBytes& pin);
  // Creates an Ed25519 key pair on the token (CKM_EC_EDWARDS_KEY_PAIR_GEN; both halves stored
  // on the token, the private one sensitive, not extractable, signing only), labelled and
  // identified by the URI's object= and id=, then opens it as Open does. kConflict when the
  // token already holds a key the URI names.
  static Result<std::unique_ptr<TokenKey>> Generate(const std::string& uri, const SecretBytes& pin);
  ~TokenKey();
  TokenKey(const TokenKey&) = delete;
  TokenKey& operator=(const TokenKey&) = delete;

  const Ed25519PublicKey& public_key() const;
  // The token's Ed25519 signature of exactly `message` (pure Ed25519, RFC 8032), checked
  // against public_key() before it is returned (kInternal if it does not verify). Safe to call
  // from several threads: calls on the one session are serialized.
  Result<Bytes> Sign(ByteView message) const;
  // The token's signature without that check (Signer::SignUnchecked).
  Result<Bytes> SignUnchecked(ByteView message) const;

  struct Session;

 private:
  explicit TokenKey(std::unique_ptr<Session> session);
  std::unique_ptr<Session> session_;
};

}  // namespace frlic
