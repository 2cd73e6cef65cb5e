// Shared helpers for the unit tests: a per-test temporary directory, pinned clock/random.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "frlic/core/clock.h"
#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"
#include "frlic/keys/key_file.h"
#include "frlic/ledger/ledger.h"

namespace frlic::testing {

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("frlic-") + info->test_suite_name() + "-" + info->name() + "-" +
            std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

// The bundled example keyring (keys-example/).
inline const std::string kExampleKeys = FRLIC_SOURCE_DIR "/keys-example";
inline constexpr char kExampleKeyId[] = "509d04703a0f70c2";  // its signing key

// A whole file's bytes; empty when it cannot be read.
inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Copies keys-example/ to `dir` with its key files 0600 (git keeps no modes; frlic refuses
// looser ones).
inline void CopyExampleKeyring(const std::string& dir) {
  std::filesystem::copy(kExampleKeys, dir);
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".key") ::chmod(entry.path().c_str(), 0600);
  }
}

// keys-example/PASSPHRASE's text, without the line end.
inline std::string ExamplePassphrase() {
  std::string text = Slurp(kExampleKeys + "/PASSPHRASE");
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

inline SeededRandom TestRandom(std::uint8_t fill = 7) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(fill);
  return SeededRandom(seed);
}

// Every text of an error: message, hint and each problem as the CLI prints it (for checks that
// an error mentions something).
inline std::string ErrorText(const Error& error) {
  std::string text = error.message() + "\n" + error.hint();
  for (const auto& problem : error.problems()) text += "\n" + FormatProblem(problem);
  return text;
}

// The SHA-256 that tests/vectors/artifact-digests/SHA256SUMS pins for the artifact `name`
// ("sha256sum" lines: 64 hex digits, two spaces, the name); empty when the name is not listed.
inline std::string PinnedSha256(const std::string& name) {
  std::ifstream sums(FRLIC_SOURCE_DIR "/tests/vectors/artifact-digests/SHA256SUMS");
  std::string line;
  while (std::getline(sums, line)) {
    std::istringstream fields(line);
    std::string digest, listed;
    if (fields >> digest >> listed && listed == name) return digest;
  }
  return "";
}

// Cheapest Argon2id cost, so key tests stay fast; the format is the same.
inline constexpr std::uint64_t kTestOpslimit = 1;
inline constexpr std::uint64_t kTestMemlimit = 8192;
inline constexpr KdfCost kCheap{kTestOpslimit, kTestMemlimit};

// A local-container ledger record with the fields BeginIssue needs (capacity 1, key "k1").
inline LedgerRecord LocalContainerRecord(const std::string& serial, const std::string& order_id,
                                         const std::string& artifact_path,
                                         const std::string& artifact_sha256,
                                         UnixSeconds issued_at) {
  LedgerRecord record;
  record.serial = serial;
  record.order_id = order_id;
  record.method = "local-container";
  record.terms_json = R"({"capacity":1})";
  record.artifact_path = artifact_path;
  record.artifact_sha256 = artifact_sha256;
  record.key_id = "k1";
  record.issued_at = issued_at;
  return record;
}

}  // namespace frlic::testing
