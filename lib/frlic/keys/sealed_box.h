// Anonymous public-key encryption to an X25519 key: libsodium's sealed box construction
// (ephemeral X25519 key, nonce = BLAKE2b-192(epk || pk), crypto_box), with the ephemeral key
// drawn from the injected Random so that sealing is reproducible in tests. The output opens
// with libsodium's crypto_box_seal_open.
#pragma once

#include "frlic/core/bytes.h"
#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/x25519.h"

namespace frlic {

inline constexpr std::size_t kSealOverhead = 48;  // ephemeral public key + MAC

// kInvalidInput for a recipient key of small order (no shared secret can be formed).
Result<Bytes> SealTo(const X25519PublicKey& recipient, ByteView plaintext, Random& random);
// kBadSignature when the box does not open with this key (wrong key or modified bytes).
Result<SecretBytes> OpenSealed(ByteView sealed, const X25519PrivateKey& recipient);

}  // namespace frlic
