// What unlocking one signing key costs in a fresh process: DecryptKeyFile (Argon2id at the
// file's own cost, then XChaCha20-Poly1305), timed once, in milliseconds. For
// bench/issue_vs_openssl.sh: the part of one `frlic issue` that protects the key at rest.
// Usage: FRLIC_PASSPHRASE=... frlic_key_unlock_cost KEY_FILE  ->  "<milliseconds>"
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "frlic/core/files.h"
#include "frlic/keys/key_file.h"

int main(int argc, char** argv) {
  const char* passphrase = std::getenv("FRLIC_PASSPHRASE");
  if (argc != 2 || passphrase == nullptr) {
    std::fprintf(stderr, "usage: FRLIC_PASSPHRASE=... %s KEY_FILE\n", argv[0]);
    return 2;
  }
  auto file = frlic::ReadSecretFile(argv[1]);
  if (!file.ok()) {
    std::fprintf(stderr, "%s\n", file.error().message().c_str());
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  auto key = frlic::DecryptKeyFile(*file, argv[1], frlic::SecretBytes::CopyFrom(passphrase));
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!key.ok()) {
    std::fprintf(stderr, "%s\n", key.error().message().c_str());
    return 1;
  }
  std::printf("%.2f\n", ms);
  return 0;
}
