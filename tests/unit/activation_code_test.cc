// The activation code and payload (frlic/activation/activation_code): the 6-digit code against
// vectors computed by an independent implementation (tests/vectors/activation/make_codes.py),
// the project fingerprint, and the payload's strict grammar.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "activation_test_support.h"
#include "frlic/activation/activation_code.h"
#include "frlic/activation/activation_release.h"
#include "frlic/core/bytes.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::Contains;
using testing::CountingSecret;
using testing::ExpectSamePayload;
using testing::kActivationVectors;
using testing::NextCode;
using testing::SamplePayload;
using testing::Slurp;

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

SecretBytes SecretFromHex(std::string_view hex) {
  const auto bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.has_value() && bytes->size() == 32) << hex;
  return bytes ? SecretBytes::CopyFrom(ByteView(*bytes)) : SecretBytes(32);
}

std::string ParamName(int line) { return "line_" + std::to_string(line); }

struct CodeVector {
  int line = 0;
  std::string comment;
  std::string secret_hex;
  std::string query;
  std::string code;
};

std::vector<CodeVector> LoadCodeVectors() {
  std::vector<CodeVector> vectors;
  std::string comment;
  int number = 0;
  for (const std::string& line : Lines(kActivationVectors + "/codes.txt")) {
    ++number;
    if (line.empty()) continue;
    if (line[0] == '#') {
      comment = line.substr(1);
      continue;
    }
    CodeVector v;
    v.line = number;
    v.comment = comment;
    std::istringstream fields(line);
    std::string extra;
    fields >> v.secret_hex >> v.query >> v.code;
    EXPECT_FALSE(fields >> extra) << "codes.txt:" << number << ": more than three fields";
    vectors.push_back(v);
  }
  return vectors;
}

void PrintTo(const CodeVector& v, std::ostream* os) { *os << "codes.txt:" << v.line; }

class CodeVectors : public ::testing::TestWithParam<CodeVector> {};

TEST_P(CodeVectors, ActivationCodeEqualsTheIndependentOne) {
  const CodeVector& v = GetParam();
  SCOPED_TRACE("codes.txt:" + std::to_string(v.line) + ":" + v.comment);
  auto payload = ParseActivation(v.query, "codes.txt");
  ASSERT_OK(payload);
  EXPECT_EQ(ActivationQuery(*payload), v.query);
  const SecretBytes secret = SecretFromHex(v.secret_hex);
  ASSERT_EQ(v.code.size(), 6u);
  EXPECT_EQ(ActivationCode(secret, *payload), v.code);
  EXPECT_TRUE(ActivationCodeMatches(secret, *payload, v.code));
  EXPECT_FALSE(ActivationCodeMatches(secret, *payload, NextCode(v.code)));
  // Only the exact six digits match.
  EXPECT_FALSE(ActivationCodeMatches(secret, *payload, v.code.substr(0, 5)));
  EXPECT_FALSE(ActivationCodeMatches(secret, *payload, v.code + "0"));
  EXPECT_FALSE(ActivationCodeMatches(secret, *payload, " " + v.code));
  EXPECT_FALSE(ActivationCodeMatches(secret, *payload, ""));
}

INSTANTIATE_TEST_SUITE_P(Vectors, CodeVectors, ::testing::ValuesIn(LoadCodeVectors()),
                         [](const auto& info) { return ParamName(info.param.line); });

TEST(CodeVectorsSet, CoversTheEdgeCases) {
  const auto vectors = LoadCodeVectors();
  EXPECT_GE(vectors.size(), 12u);
  auto any = [&](auto predicate) { return std::any_of(vectors.begin(), vectors.end(), predicate); };
  EXPECT_TRUE(any([](const CodeVector& v) { return v.code[0] == '0'; }));
  EXPECT_TRUE(any([](const CodeVector& v) { return v.code.starts_with("00"); }));
  EXPECT_TRUE(any([](const CodeVector& v) { return v.code.starts_with("000"); }));
  // Some vectors use the example key's secret, the one in secret.txt.
  const std::string file = Slurp(kActivationVectors + "/secret.txt");
  const auto encoded = file.substr(file.rfind(' ') + 1, file.size() - file.rfind(' ') - 2);
  const auto secret = Base64Decode(encoded);
  ASSERT_TRUE(secret.has_value()) << file;
  EXPECT_TRUE(any([&](const CodeVector& v) { return v.secret_hex == HexEncode(*secret); }));
}

TEST(ActivationCode, DependsOnEveryFieldAndTheSecret) {
  const SecretBytes secret = CountingSecret();
  const ActivationPayload base = SamplePayload();
  const std::string code = ActivationCode(secret, base);
  auto differs = [&](ActivationPayload changed) { return ActivationCode(secret, changed) != code; };
  ActivationPayload p = base;
  p.serial = "FRL-5EC0DE0000000002";
  EXPECT_TRUE(differs(p));
  p = base;
  p.key_id = "0123456789abcdef";
  EXPECT_TRUE(differs(p));
  p = base;
  p.project = ProjectFingerprint("install-0002");
  EXPECT_TRUE(differs(p));
  p = base;
  p.nonce = "0001020304050608";
  EXPECT_TRUE(differs(p));
  p = base;
  p.shown_at += 1;
  EXPECT_TRUE(differs(p));
  Bytes other(32, 0);
  EXPECT_NE(ActivationCode(SecretBytes::CopyFrom(ByteView(other)), base), code);
}

TEST(ProjectFingerprint, MatchesTheVectors) {
  int count = 0;
  for (const std::string& line : Lines(kActivationVectors + "/projects.txt")) {
    if (line.empty() || line[0] == '#') continue;
    // "<32 hex> <identity>"; an editor may have trimmed the space before an empty identity.
    ASSERT_TRUE(line.size() == 32 || (line.size() > 32 && line[32] == ' ')) << line;
    const std::string identity = line.size() > 33 ? line.substr(33) : "";
    EXPECT_EQ(ProjectFingerprint(identity), line.substr(0, 32)) << line;
    ++count;
  }
  EXPECT_GE(count, 5);
}

struct PayloadVector {
  int line = 0;
  std::string comment;
  bool ok = false;
  std::string text;
};

std::string Unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char next = text[++i];
    if (next == 'n') {
      out += '\n';
    } else if (next == 'r') {
      out += '\r';
    } else if (next == '\\') {
      out += '\\';
    } else {
      ADD_FAILURE() << "unknown escape \\" << next << " in " << text;
    }
  }
  return out;
}

std::vector<PayloadVector> LoadPayloadVectors() {
  std::vector<PayloadVector> vectors;
  std::string comment;
  int number = 0;
  for (const std::string& line : Lines(kActivationVectors + "/payloads.txt")) {
    ++number;
    if (line.empty()) continue;
    if (line[0] == '#') {
      comment = line.substr(1);
      continue;
    }
    const std::size_t space = line.find(' ');
    const std::string outcome = line.substr(0, space);
    EXPECT_TRUE(outcome == "ok" || outcome == "malformed") << "payloads.txt:" << number;
    PayloadVector v;
    v.line = number;
    v.comment = comment;
    v.ok = outcome == "ok";
    v.text = space == std::string::npos ? "" : Unescape(line.substr(space + 1));
    vectors.push_back(v);
  }
  return vectors;
}

void PrintTo(const PayloadVector& v, std::ostream* os) { *os << "payloads.txt:" << v.line; }

class PayloadVectors : public ::testing::TestWithParam<PayloadVector> {};

TEST_P(PayloadVectors, ParseActivationIsStrict) {
  const PayloadVector& v = GetParam();
  SCOPED_TRACE("payloads.txt:" + std::to_string(v.line) + ":" + v.comment);
  auto parsed = ParseActivation(v.text, "the vector");
  if (v.ok) {
    ASSERT_OK(parsed);
    std::string query =
        v.text.substr(v.text.find('?') == std::string::npos ? 0 : v.text.find('?') + 1);
    while (!query.empty() && (query.back() == '\n' || query.back() == '\r')) query.pop_back();
    EXPECT_EQ(ActivationQuery(*parsed), query);
  } else {
    ASSERT_FALSE(parsed.ok()) << "accepted: " << ActivationQuery(*parsed);
    EXPECT_EQ(parsed.error().code(), ErrorCode::kMalformed);
    EXPECT_TRUE(Contains(parsed.error().message(), "the vector")) << parsed.error().message();
  }
}

INSTANTIATE_TEST_SUITE_P(Vectors, PayloadVectors, ::testing::ValuesIn(LoadPayloadVectors()),
                         [](const auto& info) { return ParamName(info.param.line); });

TEST(PayloadVectorsSet, HasBothOutcomes) {
  const auto vectors = LoadPayloadVectors();
  const auto ok = std::count_if(vectors.begin(), vectors.end(), [](const auto& v) { return v.ok; });
  EXPECT_GE(ok, 5);
  EXPECT_GE(static_cast<long>(vectors.size()) - ok, 30);
}

TEST(ParseActivation, NamesEveryBadField) {
  auto parsed = ParseActivation("v=2&s=frl-1&k=K&p=P&n=N&t=0", "the QR image");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kMalformed);
  std::vector<std::string> fields;
  for (const auto& problem : parsed.error().problems()) {
    fields.push_back(problem.field);
    EXPECT_EQ(problem.file, "the QR image");
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"v", "s", "k", "p", "n", "t"}));
}

TEST(ParseActivation, MissingParameterIsNamed) {
  auto parsed = ParseActivation("v=1&s=FRL-5EC0DE0000000001&k=509d04703a0f70c2", "the request");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kMalformed);
  EXPECT_TRUE(Contains(parsed.error().message(), "parameter p is missing"))
      << parsed.error().message();
}

TEST(ParseActivation, RoundTripsQueryAndUrl) {
  const ActivationPayload payload = SamplePayload();
  const std::string query = ActivationQuery(payload);
  EXPECT_EQ(query,
            "v=1&s=FRL-5EC0DE0000000001&k=509d04703a0f70c2&p=bf60d50e0899aab1cc1304e9244a65f2"
            "&n=0001020304050607&t=1795420800");
  auto from_query = ParseActivation(query, "q");
  ASSERT_OK(from_query);
  ExpectSamePayload(*from_query, payload);

  const std::string url = ActivationUrl(kDefaultActivationUrl, payload);
  EXPECT_EQ(url, "https://activate.fanruan.com/a?" + query);
  auto from_url = ParseActivation(url, "u");
  ASSERT_OK(from_url);
  ExpectSamePayload(*from_url, payload);
  EXPECT_EQ(ActivationUrl("http://127.0.0.1:8080/a", payload), "http://127.0.0.1:8080/a?" + query);
}

// The release tag (docs/formats.md section 11.8) against releases.txt, made by the same
// independent implementation: each line's tag is ActivationReleaseTag's, it matches, and one
// changed hex digit does not.
struct ReleaseTagVector {
  int line = 0;
  std::string secret_hex;
  std::string query;
  std::string tag;
};

std::vector<ReleaseTagVector> LoadReleaseTagVectors() {
  const std::string path = testing::kActivationVectors + "/releases.txt";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::vector<ReleaseTagVector> vectors;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    ReleaseTagVector v;
    v.line = number;
    fields >> v.secret_hex >> v.query >> v.tag;
    std::string extra;
    EXPECT_FALSE(fields >> extra) << "releases.txt:" << number << ": more than three fields";
    vectors.push_back(v);
  }
  return vectors;
}

TEST(ActivationReleaseVectors, TagsAreThoseOfTheIndependentImplementation) {
  const auto vectors = LoadReleaseTagVectors();
  ASSERT_GE(vectors.size(), 8u);
  for (const ReleaseTagVector& v : vectors) {
    SCOPED_TRACE("releases.txt:" + std::to_string(v.line));
    const auto secret_bytes = HexDecode(v.secret_hex);
    ASSERT_TRUE(secret_bytes.has_value() && secret_bytes->size() == 32);
    const SecretBytes secret = SecretBytes::CopyFrom(ByteView(*secret_bytes));
    auto release = ParseActivationRelease(v.query + "&r=" + v.tag, "releases.txt");
    ASSERT_OK(release);
    EXPECT_EQ(ActivationReleaseQuery(*release), v.query + "&r=" + v.tag);
    EXPECT_EQ(ActivationReleaseTag(secret, release->payload), v.tag);
    EXPECT_TRUE(ActivationReleaseTagMatches(secret, *release));
    ActivationRelease altered = *release;
    altered.tag.back() = altered.tag.back() == '0' ? '1' : '0';
    EXPECT_FALSE(ActivationReleaseTagMatches(secret, altered));
  }
}

}  // namespace
}  // namespace frlic
