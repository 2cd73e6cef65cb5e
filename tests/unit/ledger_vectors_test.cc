// The ledger's hash chain against tests/vectors/ledger-chain.txt (computed from the written
// definition in docs/formats.md 6.2, independently of this implementation).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/ledger/ledger_chain.h"
#include "status_matchers.h"

namespace frlic {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  std::string field;
  while (std::getline(in, field, '\t')) fields.push_back(field);
  return fields;
}

TEST(LedgerVectors, ChainHashesMatchTheSpecification) {
  std::ifstream in(FRLIC_SOURCE_DIR "/tests/vectors/ledger-chain.txt");
  ASSERT_TRUE(in.good());
  std::string line, prev = std::string(64, '0');
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = SplitTabs(line);
    ASSERT_EQ(f.size(), 7u) << line;
    auto detail = ParseStrictJson(f[4], "detail");
    ASSERT_OK(detail);
    auto canonical = ledger_internal::CanonicalEventJson(std::stoll(f[0]), *ParseInstant(f[1]),
                                                         f[2], f[3], *detail);
    ASSERT_OK(canonical);
    EXPECT_NE(canonical->find(f[4]), std::string::npos) << "detail is not serialised canonically";
    EXPECT_EQ(f[5], prev) << "prev_hash of event " << f[0];
    auto hash = ledger_internal::EventHash(f[5], std::stoll(f[0]), *ParseInstant(f[1]), f[2], f[3],
                                           *detail);
    ASSERT_OK(hash);
    EXPECT_EQ(*hash, f[6]) << "event " << f[0];
    prev = f[6];
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

}  // namespace
}  // namespace frlic
