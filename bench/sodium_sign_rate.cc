// libsodium's raw Ed25519 signing rate over one payload, for bench/batch_vs_sodium.sh: what
// signing alone costs, to set frlic's batch issuance (everything included) against. With
// "verify", each signature is also verified, as frlic must do before it writes a licence: the
// least a licence can cost, whatever else is made faster.
// Usage: frlic_sodium_sign_rate PAYLOAD_FILE COUNT THREADS [verify]  ->  "<per second>"
#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string_view>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  const bool verify = argc == 5 && std::string_view(argv[4]) == "verify";
  if ((argc != 4 && !verify) || sodium_init() < 0) {
    std::fprintf(stderr, "usage: %s PAYLOAD_FILE COUNT THREADS [verify]\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::vector<unsigned char> payload((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>());
  const long count = std::atol(argv[2]);
  const long threads = std::max(1L, std::atol(argv[3]));
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> public_key{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret_key{};
  crypto_sign_keypair(public_key.data(), secret_key.data());
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (long t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::array<unsigned char, crypto_sign_BYTES> signature{};
      for (long i = t; i < count; i += threads) {
        crypto_sign_detached(signature.data(), nullptr, payload.data(), payload.size(),
                             secret_key.data());
        if (verify && crypto_sign_verify_detached(signature.data(), payload.data(), payload.size(),
                                                  public_key.data()) != 0) {
          std::abort();
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.0f\n", static_cast<double>(count) / seconds);
  return 0;
}
