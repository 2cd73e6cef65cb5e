// QR activation at the library level: the 6-digit code against vectors computed by an
// independent implementation (tests/vectors/activation/make_codes.py), the payload's strict
// grammar, the activation secret and its file, the product's gate with its lock, the page's
// rate limit and HTML, QR images read back with zbar, and the issuer's verdict and binding
// against a real SQLite ledger.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "frlic/activation/activation_code.h"
#include "frlic/activation/activation_page.h"
#include "frlic/activation/activation_secret.h"
#include "frlic/customer/product_gate.h"
#include "frlic/activation/qr_image.h"
#include "frlic/activation/rate_limiter.h"
#include "frlic/core/bytes.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/issue/activate.h"
#include "frlic/keys/keyring.h"
#include "frlic/ledger/ledger.h"
#include "frlic/order/order.h"
#include "test_support.h"

namespace frlic {
namespace {

namespace fs = std::filesystem;

const std::string kVectors = FRLIC_SOURCE_DIR "/tests/vectors/activation";
const std::string kExampleKeys = FRLIC_SOURCE_DIR "/keys-example";
constexpr char kExampleKeyId[] = "509d04703a0f70c2";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string ErrorText(const Error& error) {
  std::string text = error.message() + "\n" + error.hint();
  for (const auto& problem : error.problems()) text += "\n" + FormatProblem(problem);
  return text;
}

bool Contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// The code one above `code`, modulo 10^6, still six digits.
std::string NextCode(const std::string& code) {
  std::string next = std::to_string((std::stoi(code) + 1) % 1000000);
  return std::string(6 - next.size(), '0') + next;
}

SecretBytes SecretFromHex(std::string_view hex) {
  const auto bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.has_value() && bytes->size() == 32) << hex;
  return bytes ? SecretBytes::CopyFrom(ByteView(*bytes)) : SecretBytes(32);
}

// 00 01 02 ... 1f: the fixed secret of the gate and ledger tests.
SecretBytes CountingSecret() {
  Bytes bytes(32);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
  return SecretBytes::CopyFrom(ByteView(bytes));
}

ActivationPayload SamplePayload() {
  return ActivationPayload{"FRL-5EC0DE0000000001", kExampleKeyId,
                           ProjectFingerprint("install-0001"), "0001020304050607", 1795420800};
}

void ExpectSamePayload(const ActivationPayload& a, const ActivationPayload& b) {
  EXPECT_EQ(a.serial, b.serial);
  EXPECT_EQ(a.key_id, b.key_id);
  EXPECT_EQ(a.project, b.project);
  EXPECT_EQ(a.nonce, b.nonce);
  EXPECT_EQ(a.shown_at, b.shown_at);
}

std::string ParamName(int line) { return "line_" + std::to_string(line); }

// ---- (a) the code: tests/vectors/activation/codes.txt ----

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
  for (const std::string& line : Lines(kVectors + "/codes.txt")) {
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
  ASSERT_TRUE(payload.ok()) << ErrorText(payload.error());
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
  const std::string file = Slurp(kVectors + "/secret.txt");
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
  for (const std::string& line : Lines(kVectors + "/projects.txt")) {
    if (line.empty() || line[0] == '#') continue;
    // "<32 hex> <identity>"; an editor may have trimmed the space before an empty identity.
    ASSERT_TRUE(line.size() == 32 || (line.size() > 32 && line[32] == ' ')) << line;
    const std::string identity = line.size() > 33 ? line.substr(33) : "";
    EXPECT_EQ(ProjectFingerprint(identity), line.substr(0, 32)) << line;
    ++count;
  }
  EXPECT_GE(count, 5);
}

// ---- (b) the payload: tests/vectors/activation/payloads.txt ----

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
  for (const std::string& line : Lines(kVectors + "/payloads.txt")) {
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
    ASSERT_TRUE(parsed.ok()) << ErrorText(parsed.error());
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
  ASSERT_TRUE(from_query.ok()) << ErrorText(from_query.error());
  ExpectSamePayload(*from_query, payload);

  const std::string url = ActivationUrl(kDefaultActivationUrl, payload);
  EXPECT_EQ(url, "https://activate.fanruan.com/a?" + query);
  auto from_url = ParseActivation(url, "u");
  ASSERT_TRUE(from_url.ok()) << ErrorText(from_url.error());
  ExpectSamePayload(*from_url, payload);
  EXPECT_EQ(ActivationUrl("http://127.0.0.1:8080/a", payload), "http://127.0.0.1:8080/a?" + query);
}

// ---- (c) the activation secret and its file ----

class ActivationSecretTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    // A copy of keys-example with its private files 0600 (git does not keep modes).
    fs::copy(kExampleKeys, Path("keys"));
    for (const auto& entry : fs::directory_iterator(Path("keys"))) {
      if (entry.path().extension() == ".key") ::chmod(entry.path().c_str(), 0600);
    }
    auto keyring = Keyring::Load(Path("keys"));
    ASSERT_TRUE(keyring.ok()) << ErrorText(keyring.error());
    keyring_.emplace(std::move(keyring).value());
    std::string passphrase = Slurp(kExampleKeys + "/PASSPHRASE");
    while (!passphrase.empty() && passphrase.back() == '\n') passphrase.pop_back();
    passphrase_ = SecretBytes::CopyFrom(std::string_view(passphrase));
  }

  // A 0600 copy of the golden file (git keeps no modes either).
  std::string GoldenCopy() {
    const std::string path = Path("golden.secret");
    fs::copy_file(kVectors + "/secret.txt", path, fs::copy_options::overwrite_existing);
    ::chmod(path.c_str(), 0600);
    return path;
  }

  std::string WriteRaw(const std::string& name, const std::string& text, unsigned mode = 0600) {
    const std::string path = Path(name);
    std::ofstream(path, std::ios::binary) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }

  std::optional<Keyring> keyring_;
  SecretBytes passphrase_;
};

TEST_F(ActivationSecretTest, ExampleKeyDerivesTheGoldenSecret) {
  auto unlocked = UnlockActivationSecret(*keyring_, passphrase_);
  ASSERT_TRUE(unlocked.ok()) << ErrorText(unlocked.error());
  EXPECT_EQ(unlocked->key_id, kExampleKeyId);
  ASSERT_EQ(unlocked->secret.size(), 32u);

  auto golden = ReadActivationSecretFile(GoldenCopy());
  ASSERT_TRUE(golden.ok()) << ErrorText(golden.error());
  EXPECT_EQ(golden->key_id, kExampleKeyId);
  EXPECT_TRUE(golden->secret.Equals(unlocked->secret));

  // By name, the same.
  auto named = UnlockActivationSecret(*keyring_, passphrase_, kExampleKeyId);
  ASSERT_TRUE(named.ok()) << ErrorText(named.error());
  EXPECT_TRUE(named->secret.Equals(unlocked->secret));
}

TEST_F(ActivationSecretTest, DeriveIsHmacSha256OfTheSeedOverTheLabel) {
  // Cross-check libsodium's HMAC with OpenSSL's.
  auto signer = keyring_->UnlockSigner(passphrase_);
  ASSERT_TRUE(signer.ok()) << ErrorText(signer.error());
  const auto seed = signer->key.seed().reveal();
  ASSERT_EQ(seed.size(), 32u);
  const std::string label = "frlic activation secret v1";
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  ASSERT_NE(
      HMAC(EVP_sha256(), seed.data(), static_cast<int>(seed.size()),
           reinterpret_cast<const unsigned char*>(label.data()), label.size(), mac, &mac_size),
      nullptr);
  ASSERT_EQ(mac_size, 32u);
  const SecretBytes expected = SecretBytes::CopyFrom(std::span<const std::uint8_t>(mac, 32));
  WipeMemory(mac, sizeof mac);
  EXPECT_TRUE(DeriveActivationSecret(signer->key.seed()).Equals(expected));
}

TEST_F(ActivationSecretTest, UnknownKeyAndWrongPassphraseAreRefused) {
  auto unknown = UnlockActivationSecret(*keyring_, passphrase_, "0123456789abcdef");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kUnknownKey) << ErrorText(unknown.error());
  auto wrong = UnlockActivationSecret(*keyring_, SecretBytes::CopyFrom(std::string_view("nope")));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code(), ErrorCode::kWrongPassphrase) << ErrorText(wrong.error());
}

TEST_F(ActivationSecretTest, WriteReproducesTheGoldenFileWithMode0600) {
  auto unlocked = UnlockActivationSecret(*keyring_, passphrase_);
  ASSERT_TRUE(unlocked.ok()) << ErrorText(unlocked.error());
  const std::string path = Path("out/activation.secret");
  fs::create_directories(Path("out"));
  Status written = WriteActivationSecretFile(path, *unlocked, Overwrite::kNo);
  ASSERT_TRUE(written.ok()) << ErrorText(written.error());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(Slurp(path), Slurp(kVectors + "/secret.txt"));

  auto read = ReadActivationSecretFile(path);
  ASSERT_TRUE(read.ok()) << ErrorText(read.error());
  EXPECT_EQ(read->key_id, unlocked->key_id);
  EXPECT_TRUE(read->secret.Equals(unlocked->secret));

  Status again = WriteActivationSecretFile(path, *unlocked, Overwrite::kNo);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kRefused);
  EXPECT_TRUE(WriteActivationSecretFile(path, *unlocked, Overwrite::kYes).ok());
}

TEST_F(ActivationSecretTest, RoundTripsAnySecret) {
  const ActivationSecret secret{"0123456789abcdef", CountingSecret()};
  const std::string path = Path("counting.secret");
  ASSERT_TRUE(WriteActivationSecretFile(path, secret, Overwrite::kNo).ok());
  EXPECT_EQ(Slurp(path), "frlic-activation-secret-v1 0123456789abcdef " +
                             Base64Encode(ByteView(CountingSecret().reveal())) + "\n");
  auto read = ReadActivationSecretFile(path);
  ASSERT_TRUE(read.ok()) << ErrorText(read.error());
  EXPECT_EQ(read->key_id, "0123456789abcdef");
  EXPECT_TRUE(read->secret.Equals(secret.secret));
}

TEST_F(ActivationSecretTest, LooseModesAreRefused) {
  const std::string golden = Slurp(kVectors + "/secret.txt");
  for (unsigned mode : {0644u, 0640u, 0604u, 0660u}) {
    auto read = ReadActivationSecretFile(WriteRaw("loose.secret", golden, mode));
    ASSERT_FALSE(read.ok()) << std::oct << mode;
    EXPECT_EQ(read.error().code(), ErrorCode::kRefused) << ErrorText(read.error());
    EXPECT_TRUE(Contains(read.error().message(), "0600")) << read.error().message();
  }
  auto missing = ReadActivationSecretFile(Path("missing.secret"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST_F(ActivationSecretTest, MalformedFilesAreRefused) {
  const std::string golden = Slurp(kVectors + "/secret.txt");
  ASSERT_EQ(golden.size(), 27u + 16 + 1 + 44 + 1) << golden;
  const std::string head = "frlic-activation-secret-v1 509d04703a0f70c2 ";
  const std::string b64 = golden.substr(head.size(), 44);
  ASSERT_EQ(head + b64 + "\n", golden);
  std::string url_safe = b64;
  std::replace(url_safe.begin(), url_safe.end(), '+', '-');
  std::replace(url_safe.begin(), url_safe.end(), '/', '_');
  ASSERT_NE(url_safe, b64);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"only a newline", "\n"},
      {"no newline", head + b64},
      {"CRLF", head + b64 + "\r\n"},
      {"two newlines", head + b64 + "\n\n"},
      {"a second line", golden + golden},
      {"version 2", "frlic-activation-secret-v2 509d04703a0f70c2 " + b64 + "\n"},
      {"no magic", "509d04703a0f70c2 " + b64 + "\n"},
      {"upper-case key id", "frlic-activation-secret-v1 509D04703A0F70C2 " + b64 + "\n"},
      {"short key id", "frlic-activation-secret-v1 509d04703a0f70c " + b64 + "\n"},
      {"long key id", "frlic-activation-secret-v1 509d04703a0f70c22 " + b64 + "\n"},
      {"two spaces", "frlic-activation-secret-v1 509d04703a0f70c2  " + b64 + "\n"},
      {"tab", "frlic-activation-secret-v1 509d04703a0f70c2\t" + b64 + "\n"},
      {"no secret", head + "\n"},
      {"31 bytes", head + Base64Encode(Bytes(31, 7)) + "\n"},
      {"33 bytes", head + Base64Encode(Bytes(33, 7)) + "\n"},
      {"hex instead of base64", head + std::string(64, 'a') + "\n"},
      {"no padding", head + b64.substr(0, 43) + "\n"},
      {"trailing space", head + b64 + " \n"},
      {"a third field", head + b64 + " extra\n"},
      {"not base64", head + std::string(43, '!') + "=\n"},
      {"URL-safe base64", head + url_safe + "\n"},
      // The same 32 bytes, but the two unused bits of the last character set.
      {"non-canonical base64", head + b64.substr(0, 42) + static_cast<char>(b64[42] + 1) + "=\n"},
  };
  for (const auto& [name, text] : cases) {
    auto read = ReadActivationSecretFile(WriteRaw("bad.secret", text));
    ASSERT_FALSE(read.ok()) << name << " accepted";
    EXPECT_EQ(read.error().code(), ErrorCode::kMalformed)
        << name << ": " << ErrorText(read.error());
  }
}

// ---- (d) the product's gate ----

constexpr UnixSeconds kShownAt = 1795420800;  // 2026-11-23T08:00:00Z

class ProductGateTest : public ::testing::Test {
 protected:
  ProductGateTest() : secret_(CountingSecret()), random_(testing::TestRandom()) {}

  const ActivationPayload& Show(UnixSeconds now) {
    return ShowQr(gate_, "FRL-5EC0DE0000000001", kExampleKeyId, project_, now, random_);
  }
  std::string RightCode() const { return ActivationCode(secret_, *gate_.shown); }
  CodeResult Enter(std::string_view code, UnixSeconds now) {
    return EnterCode(gate_, secret_, code, now);
  }

  SecretBytes secret_;
  SeededRandom random_;
  std::string project_ = ProjectFingerprint("install-0001");
  ProductGate gate_;
};

TEST_F(ProductGateTest, ShowQrMakesAFreshWellFormedPayload) {
  const ActivationPayload first = Show(kShownAt);
  EXPECT_EQ(first.serial, "FRL-5EC0DE0000000001");
  EXPECT_EQ(first.key_id, kExampleKeyId);
  EXPECT_EQ(first.project, project_);
  EXPECT_EQ(first.shown_at, kShownAt);
  EXPECT_EQ(first.nonce.size(), 16u);
  auto parsed = ParseActivation(ActivationQuery(first), "qr");
  ASSERT_TRUE(parsed.ok()) << ErrorText(parsed.error());
  const ActivationPayload second = Show(kShownAt + 1);
  EXPECT_NE(second.nonce, first.nonce);
  ASSERT_TRUE(gate_.shown.has_value());
  EXPECT_EQ(gate_.shown->nonce, second.nonce);
}

TEST_F(ProductGateTest, AcceptedCodeActivatesAndClearsTheQr) {
  Show(kShownAt);
  ASSERT_EQ(Enter(NextCode(RightCode()), kShownAt + 10).verdict, CodeVerdict::kWrongCode);
  const CodeResult result = Enter(RightCode(), kShownAt + 20);
  EXPECT_EQ(result.verdict, CodeVerdict::kAccepted) << result.message;
  EXPECT_STREQ(CodeVerdictName(result.verdict), "accepted");
  EXPECT_EQ(gate_.activated_project, project_);
  EXPECT_EQ(gate_.activated_at, kShownAt + 20);
  EXPECT_FALSE(gate_.shown.has_value());
  EXPECT_EQ(gate_.wrong_codes, 0);
  // The QR is gone: the same code again has nothing to match.
  EXPECT_EQ(Enter("123456", kShownAt + 21).verdict, CodeVerdict::kNoQr);
  EXPECT_EQ(gate_.wrong_codes, 0);
}

TEST_F(ProductGateTest, NoQrIsNotAGuess) {
  const CodeResult result = Enter("123456", kShownAt);
  EXPECT_EQ(result.verdict, CodeVerdict::kNoQr);
  EXPECT_STREQ(CodeVerdictName(result.verdict), "no-qr");
  EXPECT_EQ(gate_.wrong_codes, 0);
}

TEST_F(ProductGateTest, FiveWrongCodesLockForFifteenMinutes) {
  Show(kShownAt);
  const std::string right = RightCode();
  const std::string wrong = NextCode(right);
  for (int attempts_left : {4, 3, 2, 1}) {
    const CodeResult result = Enter(wrong, kShownAt + 10);
    EXPECT_EQ(result.verdict, CodeVerdict::kWrongCode) << result.message;
    EXPECT_EQ(result.attempts_left, attempts_left);
    EXPECT_TRUE(Contains(result.message, std::to_string(attempts_left) + " attempts left"))
        << result.message;
  }
  const UnixSeconds fifth_at = kShownAt + 30;
  const CodeResult locked = Enter(wrong, fifth_at);
  EXPECT_EQ(locked.verdict, CodeVerdict::kLocked) << locked.message;
  EXPECT_STREQ(CodeVerdictName(locked.verdict), "locked");
  EXPECT_EQ(locked.locked_until, fifth_at + 900);
  EXPECT_EQ(gate_.locked_until, fifth_at + 900);
  EXPECT_EQ(locked.attempts_left, 0);

  // While locked nothing is checked, not even the right code, and nothing counts.
  for (UnixSeconds at : {fifth_at, fifth_at + 60, fifth_at + 899}) {
    const CodeResult refused = Enter(right, at);
    EXPECT_EQ(refused.verdict, CodeVerdict::kLocked) << at - fifth_at;
    EXPECT_EQ(refused.locked_until, fifth_at + 900);
    EXPECT_TRUE(gate_.activated_project.empty());
  }
  EXPECT_EQ(gate_.locked_until, fifth_at + 900);

  // At the end of the lock the old QR has long expired; a fresh one works, and the count
  // started again.
  const UnixSeconds unlocked_at = fifth_at + 900;
  EXPECT_EQ(Enter(right, unlocked_at).verdict, CodeVerdict::kExpired);
  Show(unlocked_at);
  const CodeResult counted = Enter(NextCode(RightCode()), unlocked_at + 1);
  EXPECT_EQ(counted.verdict, CodeVerdict::kWrongCode);
  EXPECT_EQ(counted.attempts_left, 4);
  EXPECT_EQ(Enter(RightCode(), unlocked_at + 2).verdict, CodeVerdict::kAccepted);
  EXPECT_EQ(gate_.activated_project, project_);
}

TEST_F(ProductGateTest, ExpiredQrIsRefusedWithoutCounting) {
  Show(kShownAt);
  const std::string right = RightCode();
  ASSERT_EQ(Enter(NextCode(right), kShownAt + 1).attempts_left, 4);
  for (const std::string& code : {right, NextCode(right), std::string("12")}) {
    const CodeResult result = Enter(code, kShownAt + kQrValidity + 1);
    EXPECT_EQ(result.verdict, CodeVerdict::kExpired) << code;
    EXPECT_STREQ(CodeVerdictName(result.verdict), "expired");
  }
  EXPECT_EQ(gate_.wrong_codes, 1);
  EXPECT_TRUE(gate_.activated_project.empty());
  EXPECT_TRUE(gate_.shown.has_value());
}

TEST_F(ProductGateTest, TheLastSecondOfTheQrStillCounts) {
  Show(kShownAt);
  const CodeResult result = Enter(RightCode(), kShownAt + 300);
  EXPECT_EQ(result.verdict, CodeVerdict::kAccepted) << result.message;
}

TEST_F(ProductGateTest, ACodeForAnotherPayloadIsWrong) {
  const ActivationPayload shown = Show(kShownAt);
  ActivationPayload other = shown;
  other.nonce = shown.nonce == "0000000000000000" ? "0000000000000001" : "0000000000000000";
  const std::string other_code = ActivationCode(secret_, other);
  ASSERT_NE(other_code, RightCode());
  const CodeResult result = Enter(other_code, kShownAt + 5);
  EXPECT_EQ(result.verdict, CodeVerdict::kWrongCode);
  EXPECT_EQ(result.attempts_left, 4);
  // And a code made with another secret.
  Bytes zero(32, 0);
  EXPECT_EQ(Enter(ActivationCode(SecretBytes::CopyFrom(ByteView(zero)), shown), kShownAt + 6)
                .attempts_left,
            3);
}

TEST_F(ProductGateTest, MalformedInputCountsAsWrong) {
  Show(kShownAt);
  const std::string right = RightCode();
  const std::vector<std::pair<std::string, int>> cases = {
      {right.substr(0, 5), 4},  // five digits
      {"12a456", 3},            // a letter
      {right + "0", 2},         // seven digits
      {" " + right, 1},         // a space
  };
  for (const auto& [code, attempts_left] : cases) {
    const CodeResult result = Enter(code, kShownAt + 5);
    EXPECT_EQ(result.verdict, CodeVerdict::kMalformed) << code;
    EXPECT_STREQ(CodeVerdictName(result.verdict), "malformed");
    EXPECT_EQ(result.attempts_left, attempts_left) << code;
  }
  const CodeResult locked = Enter("", kShownAt + 6);
  EXPECT_EQ(locked.verdict, CodeVerdict::kLocked);
  EXPECT_EQ(locked.locked_until, kShownAt + 6 + 900);
}

TEST_F(ProductGateTest, JsonRoundTrip) {
  Show(kShownAt);
  ASSERT_EQ(Enter("000000" == RightCode() ? "000001" : "000000", kShownAt + 1).verdict,
            CodeVerdict::kWrongCode);
  gate_.locked_until = kShownAt - 5;
  gate_.activated_project = ProjectFingerprint("install-0000");
  gate_.activated_at = kShownAt - 100;
  const Json json = ProductGateToJson(gate_);
  auto read = ProductGateFromJson(ParseStrictJson(json.dump(), "state").value(), "state.json");
  ASSERT_TRUE(read.ok()) << ErrorText(read.error());
  EXPECT_EQ(read->wrong_codes, 1);
  EXPECT_EQ(read->locked_until, gate_.locked_until);
  EXPECT_EQ(read->activated_project, gate_.activated_project);
  EXPECT_EQ(read->activated_at, gate_.activated_at);
  ASSERT_TRUE(read->shown.has_value());
  ExpectSamePayload(*read->shown, *gate_.shown);
  EXPECT_EQ(ProductGateToJson(*read).dump(), json.dump());

  // Without a QR on screen.
  ProductGate empty;
  auto read_empty = ProductGateFromJson(ProductGateToJson(empty), "state.json");
  ASSERT_TRUE(read_empty.ok()) << ErrorText(read_empty.error());
  EXPECT_FALSE(read_empty->shown.has_value());
  EXPECT_EQ(read_empty->wrong_codes, 0);
  EXPECT_EQ(ProductGateToJson(*read_empty).dump(), ProductGateToJson(empty).dump());
}

TEST_F(ProductGateTest, JsonIsReadStrictly) {
  Show(kShownAt);
  const Json good = ProductGateToJson(gate_);
  auto expect_malformed = [](const Json& json, const std::string& what) {
    auto read = ProductGateFromJson(json, "state.json");
    ASSERT_FALSE(read.ok()) << what << " accepted";
    EXPECT_EQ(read.error().code(), ErrorCode::kMalformed) << what;
  };
  Json unknown = good;
  unknown["extra"] = 1;
  expect_malformed(unknown, "an unknown field");
  Json missing = good;
  missing.erase("wrong_codes");
  expect_malformed(missing, "a missing field");
  Json wrong_type = good;
  wrong_type["locked_until"] = "soon";
  expect_malformed(wrong_type, "a string time");
  Json bad_shown = good;
  bad_shown["shown"] = "v=1&s=FRL-1";
  expect_malformed(bad_shown, "a malformed shown payload");
  Json number_shown = good;
  number_shown["shown"] = 5;
  expect_malformed(number_shown, "a number as the shown payload");
}

// ---- (e) the page's rate limit ----

TEST(RateLimiter, BurstThenRefusalThenRefill) {
  RateLimiter limiter(3, 10);
  const UnixSeconds t = 1000;
  EXPECT_EQ(limiter.RetryAfter("a", t), 0);  // never seen
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a", t)) << i;
  EXPECT_EQ(limiter.RetryAfter("a", t), 10);
  EXPECT_FALSE(limiter.Allow("a", t));
  EXPECT_FALSE(limiter.Allow("a", t + 9));
  EXPECT_EQ(limiter.RetryAfter("a", t + 9), 1);
  // One token a period.
  EXPECT_EQ(limiter.RetryAfter("a", t + 10), 0);
  EXPECT_TRUE(limiter.Allow("a", t + 10));
  EXPECT_FALSE(limiter.Allow("a", t + 10));
  EXPECT_EQ(limiter.RetryAfter("a", t + 15), 5);
  // Two periods later: two tokens.
  EXPECT_TRUE(limiter.Allow("a", t + 30));
  EXPECT_TRUE(limiter.Allow("a", t + 30));
  EXPECT_FALSE(limiter.Allow("a", t + 30));
  // A long pause refills to the burst, not beyond.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("a", t + 100000)) << i;
  EXPECT_FALSE(limiter.Allow("a", t + 100000));
}

TEST(RateLimiter, ClientsAreIndependent) {
  RateLimiter limiter(2, 60);
  EXPECT_TRUE(limiter.Allow("192.0.2.1", 0 + 500));
  EXPECT_TRUE(limiter.Allow("192.0.2.1", 500));
  EXPECT_FALSE(limiter.Allow("192.0.2.1", 500));
  EXPECT_EQ(limiter.RetryAfter("192.0.2.1", 500), 60);
  EXPECT_EQ(limiter.RetryAfter("192.0.2.2", 500), 0);
  EXPECT_TRUE(limiter.Allow("192.0.2.2", 500));
  EXPECT_TRUE(limiter.Allow("192.0.2.2", 500));
  EXPECT_FALSE(limiter.Allow("192.0.2.2", 500));
  EXPECT_TRUE(limiter.Allow("192.0.2.3", 501));
  EXPECT_FALSE(limiter.Allow("192.0.2.1", 559));
  EXPECT_TRUE(limiter.Allow("192.0.2.1", 560));
}

// ---- (f) the page ----

TEST(ActivationPage, ShowsTheCode) {
  PageContent content;
  content.ok = true;
  content.code = "012345";
  content.serial = "FRL-5EC0DE0000000001";
  content.valid_until = kShownAt + 300;
  const std::string page = RenderActivationPage(content);
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(Contains(page, "<div id=\"code\">012345</div>")) << page;
  EXPECT_TRUE(Contains(page, "FRL-5EC0DE0000000001"));
  EXPECT_TRUE(Contains(page, FormatInstant(kShownAt + 300)));
  EXPECT_FALSE(Contains(page, "data-reason"));
}

TEST(ActivationPage, RefusalEscapesHtml) {
  PageContent content;
  content.reason = "bound-elsewhere";
  content.message = "<script>alert('x')</script> & \"quoted\"";
  content.serial = "FRL-<b>";
  const std::string page = RenderActivationPage(content);
  EXPECT_TRUE(Contains(page, "data-reason=\"bound-elsewhere\"")) << page;
  EXPECT_TRUE(Contains(page, "id=\"reason\""));
  EXPECT_FALSE(Contains(page, "id=\"code\""));
  EXPECT_FALSE(Contains(page, "<script>"));
  EXPECT_FALSE(Contains(page, "<b>"));
  EXPECT_TRUE(
      Contains(page, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
      << page;
  EXPECT_TRUE(Contains(page, "FRL-&lt;b&gt;"));

  // An attribute cannot be broken out of.
  content.reason = "x\" onmouseover=\"alert(1)";
  const std::string attribute = RenderActivationPage(content);
  EXPECT_TRUE(Contains(attribute, "data-reason=\"x&quot; onmouseover=&quot;alert(1)\""))
      << attribute;
}

// ---- (g) QR images ----

// A valid 64x64 all-white greyscale PNG (made with Python's zlib and struct).
constexpr char kBlankPngBase64[] =
    "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAAAAACPAi4CAAAAKUlEQVR42u3MQREAAAwCIPuX1hD77SAA6VEEAoFAIBAIBA"
    "KBQCAQfA8Gpwvw4qrwDDIAAAAASUVORK5CYII=";

class QrImageTest : public testing::TempDirTest {};

TEST_F(QrImageTest, WriteThenReadRoundTrips) {
  const std::string url = ActivationUrl(kDefaultActivationUrl, SamplePayload());
  const std::string path = Path("qr.png");
  Status written = WriteQrPng(url, path, Overwrite::kNo);
  ASSERT_TRUE(written.ok()) << ErrorText(written.error());
  EXPECT_TRUE(Slurp(path).starts_with("\x89PNG\r\n\x1a\n"));
  auto read = ReadQrPng(path);
  ASSERT_TRUE(read.ok()) << ErrorText(read.error());
  EXPECT_EQ(*read, url);
  auto payload = ParseActivation(*read, "the QR image");
  ASSERT_TRUE(payload.ok()) << ErrorText(payload.error());
  ExpectSamePayload(*payload, SamplePayload());

  Status again = WriteQrPng(url, path, Overwrite::kNo);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kRefused);

  // A smaller scale still reads.
  ASSERT_TRUE(WriteQrPng(url, path, Overwrite::kYes, 3).ok());
  auto small = ReadQrPng(path);
  ASSERT_TRUE(small.ok()) << ErrorText(small.error());
  EXPECT_EQ(*small, url);
}

TEST_F(QrImageTest, NotAPngIsMalformed) {
  const std::string path = Path("qr.png");
  std::ofstream(path) << ActivationQuery(SamplePayload()) << "\n";
  auto read = ReadQrPng(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kMalformed) << ErrorText(read.error());
  EXPECT_TRUE(Contains(read.error().message(), "is not a PNG")) << read.error().message();
}

TEST_F(QrImageTest, TruncatedPngIsMalformed) {
  const std::string path = Path("qr.png");
  ASSERT_TRUE(
      WriteQrPng(ActivationUrl(kDefaultActivationUrl, SamplePayload()), path, Overwrite::kNo).ok());
  const std::string bytes = Slurp(path);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 2);
  auto read = ReadQrPng(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kMalformed) << ErrorText(read.error());
}

TEST_F(QrImageTest, BlankPngHoldsNoQrCode) {
  const auto png = Base64Decode(kBlankPngBase64);
  ASSERT_TRUE(png.has_value());
  const std::string path = Path("blank.png");
  ASSERT_TRUE(WriteFileAtomic(path, *png, {0644, Overwrite::kNo}).ok());
  auto read = ReadQrPng(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kMalformed) << ErrorText(read.error());
  EXPECT_TRUE(Contains(read.error().message(), "holds no QR code")) << read.error().message();
}

TEST_F(QrImageTest, MissingFileIsNotFound) {
  auto read = ReadQrPng(Path("missing.png"));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kNotFound) << ErrorText(read.error());
}

// ---- (h) the issuer's verdict and binding against a real ledger ----

constexpr char kSerial[] = "FRL-5EC0DE00000000A1";
constexpr UnixSeconds kNow = 1795420800 + 3600;  // 2026-11-23T09:00:00Z

std::string VerdictName(const ActivationVerdict& verdict) {
  return verdict.valid() ? "valid" : ActivationFailureName(*verdict.failure);
}

class ActivateTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    auto opened = Ledger::OpenSqlite(Path("ledger.sqlite"), clock_);
    ASSERT_TRUE(opened.ok()) << ErrorText(opened.error());
    ledger_ = std::move(opened).value();
  }

  static Terms LicenceTerms(Method method, const std::string& expires) {
    Terms terms;
    terms.method = method;
    terms.company = "Example Trading Co., Ltd.";
    terms.project = "Sales Analytics";
    terms.contract_date = *ParseDate("2026-11-01");
    terms.product = {"FineDataLink", "4.1", "4.1.5-20240105"};
    terms.capacity = 2;
    terms.expires = *ParseDate(expires);
    terms.app_names = {"webroot", "decision"};
    if (method == Method::kLocalContainer) terms.project_content = "sales-analytics-prod";
    if (method == Method::kContainerPrivateCloud) terms.port = 18081;
    if (method == Method::kPrivateCloud) terms.ip_ranges = {*ParseIpRange("10.0.0.1")};
    terms.features = {"data-sync", "scheduling"};
    return terms;
  }

  void Issue(const std::string& serial, const std::string& order_id,
             Method method = Method::kLocalContainer, const std::string& expires = "2027-10-31",
             const std::string& key_id = kExampleKeyId) {
    LedgerRecord record;
    record.serial = serial;
    record.order_id = order_id;
    record.method = MethodName(method);
    record.terms_json = TermsToJson(LicenceTerms(method, expires)).dump();
    record.artifact_path = Path(serial + "/Container.lic");
    record.artifact_sha256 = Sha256Hex(AsBytes("artifact of " + serial));
    record.key_id = key_id;
    record.issued_at = kNow - 86400;
    Status begun = ledger_->BeginIssue(record);
    ASSERT_TRUE(begun.ok()) << ErrorText(begun.error());
    Status completed = ledger_->CompleteIssue(serial);
    ASSERT_TRUE(completed.ok()) << ErrorText(completed.error());
  }

  ActivationPayload Payload(const std::string& project_identity, UnixSeconds shown_at,
                            const std::string& serial = kSerial) {
    nonce_counter_ += 1;
    char nonce[17];
    std::snprintf(nonce, sizeof nonce, "%016llx", static_cast<unsigned long long>(nonce_counter_));
    return ActivationPayload{serial, kExampleKeyId, ProjectFingerprint(project_identity), nonce,
                             shown_at};
  }

  ActivationVerdict Judge(const std::string& text, UnixSeconds now = kNow) {
    auto verdict = Activate(*ledger_, text, "the request", secrets_, now);
    EXPECT_TRUE(verdict.ok()) << ErrorText(verdict.error());
    return verdict.ok() ? *verdict : ActivationVerdict{};
  }
  ActivationVerdict Judge(const ActivationPayload& payload, UnixSeconds now = kNow) {
    return Judge(ActivationUrl(kDefaultActivationUrl, payload), now);
  }

  std::vector<LedgerEvent> Events(const std::string& serial = kSerial) {
    auto events = ledger_->Events(serial);
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<LedgerEvent>{};
  }
  std::size_t EventCount() { return Events("").size(); }

  std::optional<ActivationBinding> Binding(const std::string& serial = kSerial) {
    std::optional<ActivationBinding> binding;
    Status read = ledger_->Transaction([&](LedgerTxn& txn) -> Status {
      FRLIC_ASSIGN_OR_RETURN(binding, CurrentBinding(txn, serial));
      return Ok();
    });
    EXPECT_TRUE(read.ok()) << ErrorText(read.error());
    return binding;
  }

  // Judges `payload` expecting `name`, and that a refusal changed nothing.
  ActivationVerdict ExpectRefused(const ActivationPayload& payload, const std::string& name,
                                  UnixSeconds now = kNow) {
    const std::size_t before = EventCount();
    const ActivationVerdict verdict = Judge(payload, now);
    EXPECT_EQ(VerdictName(verdict), name) << verdict.message;
    EXPECT_TRUE(verdict.code.empty());
    EXPECT_FALSE(verdict.message.empty());
    EXPECT_EQ(EventCount(), before) << "a refusal wrote to the ledger";
    return verdict;
  }

  void ExpectChainClean() {
    auto report = ledger_->Verify();
    ASSERT_TRUE(report.ok()) << ErrorText(report.error());
    EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
  }

  FixedClock clock_{kNow};
  std::unique_ptr<Ledger> ledger_;
  SecretBytes secret_ = CountingSecret();
  ActivationSecrets secrets_ = [this](const std::string& key_id) -> Result<const SecretBytes*> {
    if (key_id != kExampleKeyId) {
      return Error(ErrorCode::kUnknownKey, "no activation secret for key " + key_id);
    }
    return &secret_;
  };
  std::uint64_t nonce_counter_ = 0;
};

TEST_F(ActivateTest, ValidPayloadGetsTheCodeAndBindsTheProject) {
  Issue(kSerial, "ORD-1");
  const ActivationPayload payload = Payload("install-0001", kNow - 10);
  const std::size_t before = EventCount();
  const ActivationVerdict verdict = Judge(payload);
  ASSERT_EQ(VerdictName(verdict), "valid") << verdict.message;
  EXPECT_EQ(verdict.code, ActivationCode(secret_, payload));
  EXPECT_EQ(verdict.code.size(), 6u);
  EXPECT_EQ(verdict.serial, kSerial);
  EXPECT_EQ(verdict.project, payload.project);
  EXPECT_EQ(verdict.valid_until, payload.shown_at + 300);
  EXPECT_TRUE(Contains(verdict.message, kSerial)) << verdict.message;

  ASSERT_EQ(EventCount(), before + 1);
  const LedgerEvent event = Events().back();
  EXPECT_EQ(event.action, "activate");
  EXPECT_EQ(event.serial, kSerial);
  auto detail = ParseStrictJson(event.detail_json, "detail");
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ((*detail)["project"], payload.project);
  EXPECT_EQ((*detail)["nonce"], payload.nonce);
  EXPECT_EQ((*detail)["status"], "active");
  auto record = ledger_->FindBySerial(kSerial);
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->status, LicenceStatus::kActive);

  const auto binding = Binding();
  ASSERT_TRUE(binding.has_value());
  EXPECT_EQ(binding->project, payload.project);
  EXPECT_EQ(binding->bound_at, kNow);
  ExpectChainClean();
}

TEST_F(ActivateTest, TheBoundProjectMayActivateAgain) {
  Issue(kSerial, "ORD-1");
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kNow - 10))), "valid");
  const ActivationPayload again = Payload("install-0001", kNow + 100);
  const ActivationVerdict verdict = Judge(again, kNow + 120);
  ASSERT_EQ(VerdictName(verdict), "valid") << verdict.message;
  EXPECT_EQ(verdict.code, ActivationCode(secret_, again));
  EXPECT_EQ(Binding()->project, again.project);
  ExpectChainClean();
}

TEST_F(ActivateTest, AnotherProjectIsBoundElsewhereUntilCancelled) {
  Issue(kSerial, "ORD-1");
  const ActivationPayload first = Payload("install-0001", kNow - 10);
  ASSERT_EQ(VerdictName(Judge(first)), "valid");

  const ActivationPayload second = Payload("install-0002", kNow - 5);
  const ActivationVerdict refused = ExpectRefused(second, "bound-elsewhere");
  EXPECT_EQ(refused.bound_project, first.project);
  EXPECT_EQ(refused.bound_at, kNow);
  EXPECT_EQ(refused.serial, kSerial);
  EXPECT_EQ(refused.project, second.project);
  EXPECT_TRUE(Contains(refused.message, first.project)) << refused.message;
  EXPECT_TRUE(Contains(refused.message, "frlic activation cancel")) << refused.message;

  auto cancelled = CancelActivation(*ledger_, kSerial, "the customer moved the project");
  ASSERT_TRUE(cancelled.ok()) << ErrorText(cancelled.error());
  EXPECT_EQ(cancelled->project, first.project);
  const LedgerEvent cancel = Events().back();
  EXPECT_EQ(cancel.action, "activation-cancel");
  auto detail = ParseStrictJson(cancel.detail_json, "detail");
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ((*detail)["project"], first.project);
  EXPECT_EQ((*detail)["reason"], "the customer moved the project");
  EXPECT_EQ((*detail)["status"], "active");
  EXPECT_FALSE(Binding().has_value());

  const ActivationVerdict moved = Judge(second);
  ASSERT_EQ(VerdictName(moved), "valid") << moved.message;
  EXPECT_EQ(moved.code, ActivationCode(secret_, second));
  EXPECT_EQ(Binding()->project, second.project);
  // Now the first project is the one elsewhere.
  ExpectRefused(Payload("install-0001", kNow), "bound-elsewhere");
  ExpectChainClean();
}

TEST_F(ActivateTest, UnknownSerial) {
  Issue(kSerial, "ORD-1");
  const ActivationVerdict verdict =
      ExpectRefused(Payload("install-0001", kNow, "FRL-5EC0DE00000000FF"), "unknown-serial");
  EXPECT_TRUE(Contains(verdict.message, "FRL-5EC0DE00000000FF")) << verdict.message;
  ExpectChainClean();
}

TEST_F(ActivateTest, OnlyContainerLicencesAreActivatable) {
  Issue("FRL-5EC0DE00000000B1", "ORD-PC", Method::kPrivateCloud);
  const ActivationVerdict verdict =
      ExpectRefused(Payload("install-0001", kNow, "FRL-5EC0DE00000000B1"), "not-activatable");
  EXPECT_TRUE(Contains(verdict.message, "private-cloud")) << verdict.message;
  Issue("FRL-5EC0DE00000000B2", "ORD-PUB", Method::kPublicCloud);
  ExpectRefused(Payload("install-0001", kNow, "FRL-5EC0DE00000000B2"), "not-activatable");
  // A container-private-cloud licence is activated like a local container.
  Issue("FRL-5EC0DE00000000B3", "ORD-CPC", Method::kContainerPrivateCloud);
  EXPECT_EQ(VerdictName(Judge(Payload("install-0001", kNow, "FRL-5EC0DE00000000B3"))), "valid");
  ExpectChainClean();
}

TEST_F(ActivateTest, RevokedLicenceIsNotActive) {
  Issue(kSerial, "ORD-1");
  ASSERT_TRUE(
      ledger_->SetStatus(kSerial, LicenceStatus::kRevoked, "revoke", R"({"reason":"t"})").ok());
  const ActivationVerdict verdict =
      ExpectRefused(Payload("install-0001", kNow), "licence-not-active");
  EXPECT_TRUE(Contains(verdict.message, "revoked")) << verdict.message;
  ExpectChainClean();
}

TEST_F(ActivateTest, ExpiredLicence) {
  // The last valid day is 2026-11-23 (the day of kNow): valid until its end.
  Issue(kSerial, "ORD-1", Method::kLocalContainer, "2026-11-23");
  const UnixSeconds end_of_day = StartOfDay(*ParseDate("2026-11-24"));
  EXPECT_EQ(VerdictName(Judge(Payload("install-0001", end_of_day - 10), end_of_day - 1)), "valid");
  const ActivationVerdict verdict =
      ExpectRefused(Payload("install-0001", end_of_day - 10), "expired", end_of_day);
  EXPECT_TRUE(Contains(verdict.message, "2026-11-23")) << verdict.message;
  ExpectChainClean();
}

TEST_F(ActivateTest, StaleAndFutureQrCodes) {
  Issue(kSerial, "ORD-1");
  ExpectRefused(Payload("install-0001", kNow - 301), "stale");
  ExpectRefused(Payload("install-0001", kNow - 100000), "stale");
  ExpectRefused(Payload("install-0001", kNow + 61), "from-future");
  ExpectRefused(Payload("install-0001", kNow + 86400), "from-future");
  // The largest time the grammar admits is refused (from-future today; malformed once
  // ParseActivation bounds t) and writes nothing.
  const std::size_t before = EventCount();
  const ActivationVerdict far =
      Judge(Payload("install-0001", std::numeric_limits<UnixSeconds>::max()));
  EXPECT_TRUE(VerdictName(far) == "from-future" || VerdictName(far) == "malformed")
      << VerdictName(far) << ": " << far.message;
  EXPECT_EQ(EventCount(), before);
  // The boundaries themselves pass.
  EXPECT_EQ(VerdictName(Judge(Payload("install-0001", kNow - 300))), "valid");
  EXPECT_EQ(VerdictName(Judge(Payload("install-0001", kNow + 60))), "valid");
  ExpectChainClean();
}

TEST_F(ActivateTest, KeyMismatch) {
  Issue(kSerial, "ORD-1");
  ActivationPayload payload = Payload("install-0001", kNow);
  payload.key_id = "0123456789abcdef";
  const ActivationVerdict verdict = ExpectRefused(payload, "key-mismatch");
  EXPECT_TRUE(Contains(verdict.message, kExampleKeyId)) << verdict.message;
  ExpectChainClean();
}

TEST_F(ActivateTest, NoSecretForTheRecordsKeyIsAnErrorAndWritesNothing) {
  Issue(kSerial, "ORD-1", Method::kLocalContainer, "2027-10-31", "0123456789abcdef");
  ActivationPayload payload = Payload("install-0001", kNow);
  payload.key_id = "0123456789abcdef";
  const std::size_t before = EventCount();
  auto verdict = Activate(*ledger_, ActivationQuery(payload), "the request", secrets_, kNow);
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.error().code(), ErrorCode::kUnknownKey);
  EXPECT_EQ(EventCount(), before);
  EXPECT_FALSE(Binding().has_value());
  ExpectChainClean();
}

TEST_F(ActivateTest, MalformedPayload) {
  Issue(kSerial, "ORD-1");
  const std::vector<std::string> texts = {"", "https://activate.fanruan.com/a", "v=2&s=FRL-1",
                                          "hello world",
                                          ActivationQuery(Payload("install-0001", kNow)) + "&x=1"};
  for (const std::string& text : texts) {
    const std::size_t before = EventCount();
    const ActivationVerdict verdict = Judge(text);
    EXPECT_EQ(VerdictName(verdict), "malformed") << text;
    EXPECT_TRUE(Contains(verdict.message, "the request")) << verdict.message;
    EXPECT_TRUE(verdict.code.empty());
    EXPECT_EQ(EventCount(), before);
  }
  ExpectChainClean();
}

TEST_F(ActivateTest, CancelNeedsABindingAKnownSerialAndAReason) {
  Issue(kSerial, "ORD-1");
  const std::size_t before = EventCount();
  auto unbound = CancelActivation(*ledger_, kSerial, "cleanup");
  ASSERT_FALSE(unbound.ok());
  EXPECT_EQ(unbound.error().code(), ErrorCode::kConflict) << ErrorText(unbound.error());
  auto unknown = CancelActivation(*ledger_, "FRL-5EC0DE00000000FF", "cleanup");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound) << ErrorText(unknown.error());
  for (const std::string reason : {"", "   ", "\t\n"}) {
    auto no_reason = CancelActivation(*ledger_, kSerial, reason);
    ASSERT_FALSE(no_reason.ok());
    EXPECT_EQ(no_reason.error().code(), ErrorCode::kInvalidInput) << ErrorText(no_reason.error());
  }
  EXPECT_EQ(EventCount(), before);

  // Cancelling twice: the second finds no binding.
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kNow))), "valid");
  ASSERT_TRUE(CancelActivation(*ledger_, kSerial, "moved").ok());
  auto twice = CancelActivation(*ledger_, kSerial, "moved again");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code(), ErrorCode::kConflict);
  ExpectChainClean();
}

TEST_F(ActivateTest, FailureNames) {
  const std::vector<std::pair<ActivationFailure, std::string>> names = {
      {ActivationFailure::kMalformed, "malformed"},
      {ActivationFailure::kUnknownSerial, "unknown-serial"},
      {ActivationFailure::kNotActivatable, "not-activatable"},
      {ActivationFailure::kKeyMismatch, "key-mismatch"},
      {ActivationFailure::kLicenceNotActive, "licence-not-active"},
      {ActivationFailure::kExpired, "expired"},
      {ActivationFailure::kStale, "stale"},
      {ActivationFailure::kFromFuture, "from-future"},
      {ActivationFailure::kBoundElsewhere, "bound-elsewhere"},
  };
  for (const auto& [failure, name] : names) EXPECT_EQ(ActivationFailureName(failure), name);
}

TEST_F(ActivateTest, EverythingTogetherLeavesAConsistentLedger) {
  Issue(kSerial, "ORD-1");
  Issue("FRL-5EC0DE00000000B1", "ORD-PC", Method::kPrivateCloud);
  Issue("FRL-5EC0DE00000000C1", "ORD-REV");
  ASSERT_TRUE(ledger_
                  ->SetStatus("FRL-5EC0DE00000000C1", LicenceStatus::kRevoked, "revoke",
                              R"({"reason":"refund"})")
                  .ok());
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kNow))), "valid");
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kNow + 1), kNow + 2)), "valid");
  ExpectRefused(Payload("install-0002", kNow), "bound-elsewhere");
  ExpectRefused(Payload("install-0001", kNow, "FRL-5EC0DE00000000B1"), "not-activatable");
  ExpectRefused(Payload("install-0001", kNow, "FRL-5EC0DE00000000C1"), "licence-not-active");
  ASSERT_TRUE(CancelActivation(*ledger_, kSerial, "moved").ok());
  ASSERT_EQ(VerdictName(Judge(Payload("install-0002", kNow))), "valid");
  ASSERT_TRUE(CancelActivation(*ledger_, kSerial, "moved back").ok());
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kNow))), "valid");
  EXPECT_EQ(Binding()->project, ProjectFingerprint("install-0001"));

  int activations = 0;
  int cancels = 0;
  for (const LedgerEvent& event : Events()) {
    activations += event.action == "activate";
    cancels += event.action == "activation-cancel";
  }
  EXPECT_EQ(activations, 4);
  EXPECT_EQ(cancels, 2);
  ExpectChainClean();
  // And it reads back the same after reopening.
  ledger_.reset();
  auto reopened = Ledger::OpenSqlite(Path("ledger.sqlite"), clock_);
  ASSERT_TRUE(reopened.ok()) << ErrorText(reopened.error());
  ledger_ = std::move(reopened).value();
  EXPECT_EQ(Binding()->project, ProjectFingerprint("install-0001"));
  ExpectChainClean();
}

}  // namespace
}  // namespace frlic
