#include "frlic/keys/sealed_box.h"

#include "frlic/core/sodium.h"

#include <sodium.h>

namespace frlic {

Result<Bytes> SealTo(const X25519PublicKey& recipient, ByteView plaintext, Random& random) {
  RequireSodium();
  SecretBytes seed(crypto_box_SEEDBYTES);
  random.Fill(seed.reveal_mutable());
  Bytes out(crypto_box_PUBLICKEYBYTES + crypto_box_MACBYTES + plaintext.size());
  SecretBytes ephemeral_secret(crypto_box_SECRETKEYBYTES);
  crypto_box_seed_keypair(out.data(), ephemeral_secret.reveal_mutable().data(),
                          seed.reveal().data());
  // The nonce as crypto_box_seal derives it: BLAKE2b-192(ephemeral_pk || recipient_pk).
  unsigned char nonce[crypto_box_NONCEBYTES];
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof nonce);
  crypto_generichash_update(&state, out.data(), crypto_box_PUBLICKEYBYTES);
  crypto_generichash_update(&state, recipient.bytes().data(), recipient.bytes().size());
  crypto_generichash_final(&state, nonce, sizeof nonce);
  if (crypto_box_easy(out.data() + crypto_box_PUBLICKEYBYTES, plaintext.data(), plaintext.size(),
                      nonce, recipient.bytes().data(), ephemeral_secret.reveal().data()) != 0) {
    return Error(ErrorCode::kInvalidInput, "the recipient's X25519 key is of small order");
  }
  return out;
}

Result<SecretBytes> OpenSealed(ByteView sealed, const X25519PrivateKey& recipient) {
  RequireSodium();
  if (sealed.size() < crypto_box_SEALBYTES) {
    return Error(ErrorCode::kMalformed, "the sealed box is shorter than its 48-byte overhead");
  }
  SecretBytes plaintext(sealed.size() - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(plaintext.reveal_mutable().data(), sealed.data(), sealed.size(),
                           recipient.public_key().bytes().data(),
                           recipient.secret().reveal().data()) != 0) {
    return Error(ErrorCode::kBadSignature,
                 "the sealed box does not open with this machine's key (another machine's "
                 "package, or modified)");
  }
  return plaintext;
}

}  // namespace frlic
