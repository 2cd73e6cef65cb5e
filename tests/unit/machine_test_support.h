// Shared by the machine module's unit tests: sample machine information, issuer keyrings,
// raw sealing of arbitrary plaintext, and error text checks.
#pragma once

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

#include "frlic/core/bytes.h"
#include "frlic/core/time.h"
#include "frlic/keys/key_id.h"
#include "frlic/keys/keyring.h"
#include "frlic/machine/machine_info.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic::testing {

inline SecretBytes TestPassphrase(std::string_view text = "machine-test") {
  return SecretBytes::CopyFrom(text);
}

#define EXPECT_ERROR(result, error_code, fragment)                                   \
  do {                                                                               \
    const auto& frlic_r_ = (result);                                                 \
    ASSERT_FALSE(frlic_r_.ok()) << "unexpectedly accepted";                          \
    EXPECT_EQ(frlic_r_.error().code(), (error_code)) << ErrorText(frlic_r_.error()); \
    EXPECT_NE(ErrorText(frlic_r_.error()).find(fragment), std::string::npos)         \
        << "no \"" << (fragment) << "\" in: " << ErrorText(frlic_r_.error());        \
  } while (0)

inline HardwareFacts SampleHardware() {
  return {"4f2a9c1e7b3d4e5f8a6b0c1d2e3f4a5b", {"52:54:00:12:34:56", "52:54:00:ab:cd:ef"}};
}

inline UnixSeconds SampleTime() { return *ParseInstant("2026-11-23T08:00:00Z"); }

inline MachineInfo SampleInfo(const X25519PublicKey& machine_key,
                              Platform platform = Platform::kLinuxAmd64) {
  auto info = MachineInfo::Create(platform, "licence-server-01", "Debian GNU/Linux 12 (bookworm)",
                                  SampleHardware(), machine_key, "frlic-sim 0.1.0", SampleTime());
  EXPECT_OK(info);
  return std::move(info).value();
}

// "frlic-rif-v1\n" KEYID "\n" crypto_box_seal(plaintext): any plaintext, for reader tests.
inline Bytes SealRaw(std::string_view plaintext, const X25519PublicKey& key,
                     const std::string& key_id) {
  EXPECT_GE(sodium_init(), 0);
  Bytes out = ToBytes(std::string(kRifMagic) + key_id + "\n");
  const std::size_t header = out.size();
  out.resize(header + crypto_box_SEALBYTES + plaintext.size());
  EXPECT_EQ(
      crypto_box_seal(out.data() + header, reinterpret_cast<const unsigned char*>(plaintext.data()),
                      plaintext.size(), key.bytes().data()),
      0);
  return out;
}

inline std::string KeyIdOf(const X25519PublicKey& key) {
  return DeriveKeyId(KeyAlgorithm::kX25519, key.bytes());
}

}  // namespace frlic::testing
