// Shared by the activation tests (activation_code, activation_secret, product_gate,
// activation_page, qr_image, activate): the vectors folder, the example key's id, a fixed
// secret and payload, and small text helpers.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "frlic/activation/activation_code.h"
#include "frlic/core/bytes.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/time.h"
#include "test_support.h"

namespace frlic::testing {

inline const std::string kActivationVectors = FRLIC_SOURCE_DIR "/tests/vectors/activation";
inline constexpr UnixSeconds kShownAt = 1795420800;  // 2026-11-23T08:00:00Z

inline bool Contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// The code one above `code`, modulo 10^6, still six digits.
inline std::string NextCode(const std::string& code) {
  std::string next = std::to_string((std::stoi(code) + 1) % 1000000);
  return std::string(6 - next.size(), '0') + next;
}

// 00 01 02 ... 1f: the fixed secret of the gate and ledger tests.
inline SecretBytes CountingSecret() {
  Bytes bytes(32);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
  return SecretBytes::CopyFrom(ByteView(bytes));
}

inline ActivationPayload SamplePayload() {
  return ActivationPayload{"FRL-5EC0DE0000000001", kExampleKeyId,
                           ProjectFingerprint("install-0001"), "0001020304050607", 1795420800};
}

inline void ExpectSamePayload(const ActivationPayload& a, const ActivationPayload& b) {
  EXPECT_EQ(a.serial, b.serial);
  EXPECT_EQ(a.key_id, b.key_id);
  EXPECT_EQ(a.project, b.project);
  EXPECT_EQ(a.nonce, b.nonce);
  EXPECT_EQ(a.shown_at, b.shown_at);
}

}  // namespace frlic::testing
