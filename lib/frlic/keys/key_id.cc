#include "frlic/keys/key_id.h"

namespace frlic {

const char* KeyAlgorithmName(KeyAlgorithm algorithm) {
  return algorithm == KeyAlgorithm::kEd25519 ? "ed25519" : "x25519";
}

std::string DeriveKeyId(KeyAlgorithm algorithm, ByteView raw_public_key) {
  std::string message = std::string("frlic-key-id-v1\n") + KeyAlgorithmName(algorithm) + "\n";
  message.append(AsText(raw_public_key));
  Bytes digest = Sha256(AsBytes(message));
  return HexEncode(ByteView(digest).first(8));
}

bool IsWellFormedKeyId(std::string_view text) {
  if (text.size() != 16) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace frlic
