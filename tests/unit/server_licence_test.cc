// The private-cloud server licence: payload round trip, strict reading, domain separation, and
// the licence server's verdict (first failing code only) for every code.
#include <gtest/gtest.h>

#include "frlic/core/time.h"
#include "frlic/customer/server_request.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/envelope.h"
#include "frlic/licence/receipt.h"
#include "frlic/licence/server_licence.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace private_cloud_vectors {
Ed25519PrivateKey InstanceKey();
ServerLicence VectorLicence(const std::string& issuer_key_id);
Result<Signer> ExampleSigner(const std::string& keys_dir);
}  // namespace private_cloud_vectors

namespace {

using testing::kExampleKeys;

class ServerLicenceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto signer = private_cloud_vectors::ExampleSigner(kExampleKeys);
    ASSERT_OK(signer);
    signer_ = new Signer(std::move(signer).value());
    auto keyring = Keyring::Load(kExampleKeys);
    ASSERT_OK(keyring);
    keyring_ = new Keyring(std::move(keyring).value());
  }
  static void TearDownTestSuite() {
    delete signer_;
    delete keyring_;
  }

  ServerLicence Licence() const { return private_cloud_vectors::VectorLicence(signer_->key_id); }
  std::string Sign(const std::string& payload, std::string_view type = kServerLicenceType) const {
    return MakeEnvelope(type, AsBytes(payload), *signer_).value();
  }
  Json PayloadJson() const { return Json::parse(ServerLicencePayload(Licence())); }
  // The field paths of the problems reading `payload` reports.
  std::vector<std::string> Problems(const Json& payload) const {
    auto read = ServerLicenceFromPayload(payload, "license.json");
    EXPECT_FALSE(read.ok());
    std::vector<std::string> fields;
    if (read.ok()) return fields;
    EXPECT_EQ(read.error().code(), ErrorCode::kMalformed);
    for (const auto& p : read.error().problems()) fields.push_back(p.field);
    return fields;
  }

  static Signer* signer_;
  static Keyring* keyring_;
};

Signer* ServerLicenceTest::signer_ = nullptr;
Keyring* ServerLicenceTest::keyring_ = nullptr;

TEST_F(ServerLicenceTest, PayloadIsCompactSortedJsonWithExactlyTheSpecifiedMembers) {
  const std::string payload = ServerLicencePayload(Licence());
  Json json = Json::parse(payload);
  EXPECT_EQ(json.dump(), payload);  // std::map order: sorted keys, compact
  std::vector<std::string> keys;
  for (auto it = json.begin(); it != json.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"format", "instance_public_key", "issued_at", "key_id",
                                            "machine_fingerprint", "nonce", "order_id", "platform",
                                            "serial", "terms", "version"}));
  EXPECT_EQ(json["format"], "frlic.server-license");
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["platform"], "linux-amd64");
  EXPECT_EQ(json["issued_at"], "2026-11-23T08:00:00Z");
  EXPECT_EQ(json["terms"]["method"], "private-cloud");
  EXPECT_EQ(Base64Decode(json["nonce"].get<std::string>())->size(), 16u);
  EXPECT_EQ(Base64Decode(json["instance_public_key"].get<std::string>())->size(), 32u);
}

TEST_F(ServerLicenceTest, RoundTripsThroughTheEnvelope) {
  const ServerLicence licence = Licence();
  const std::string envelope = Sign(ServerLicencePayload(licence));
  auto opened = OpenServerLicence(AsBytes(envelope), *keyring_, "license.json");
  ASSERT_OK(opened);
  EXPECT_EQ(opened->serial, licence.serial);
  EXPECT_EQ(opened->key_id, licence.key_id);
  EXPECT_EQ(opened->issued_at, licence.issued_at);
  EXPECT_EQ(opened->order_id, licence.order_id);
  Terms signed_terms = licence.terms;  // the payload always carries the access port
  signed_terms.port = ServerPort(licence.terms);
  EXPECT_EQ(opened->terms, signed_terms);
  EXPECT_EQ(opened->machine_fingerprint, licence.machine_fingerprint);
  EXPECT_EQ(opened->platform, licence.platform);
  EXPECT_EQ(opened->instance_public_key, licence.instance_public_key);
  EXPECT_EQ(opened->nonce, licence.nonce);
  EXPECT_EQ(ServerLicencePayload(*opened), ServerLicencePayload(licence));
}

// The access port (manual 001's "access port" of the authorization details): always in the
// signed terms, the order's or 8081; a payload signed before the port was written has none,
// and readers take 8081.
TEST_F(ServerLicenceTest, TermsAlwaysCarryTheAccessPort) {
  ServerLicence licence = Licence();
  licence.terms.port.reset();
  EXPECT_EQ(Json::parse(ServerLicencePayload(licence))["terms"]["port"], 8081);
  licence.terms.port = 8088;
  EXPECT_EQ(Json::parse(ServerLicencePayload(licence))["terms"]["port"], 8088);
  EXPECT_EQ(ServerPort(licence.terms), 8088);

  Json without = PayloadJson();
  without["terms"].erase("port");
  auto read = ServerLicenceFromPayload(without, "license.json");
  ASSERT_OK(read);
  EXPECT_FALSE(read->terms.port.has_value());
  EXPECT_EQ(ServerPort(read->terms), kDefaultServerPort);
  EXPECT_EQ(kDefaultServerPort, 8081);
  Json bad = PayloadJson();
  bad["terms"]["port"] = 0;
  EXPECT_EQ(Problems(bad), std::vector<std::string>{"terms.port"});
}

TEST_F(ServerLicenceTest, EveryPlatformRoundTrips) {
  for (Platform platform : {Platform::kWindows, Platform::kLinuxAmd64, Platform::kLinuxI386,
                            Platform::kLinuxArm32, Platform::kLinuxArm64, Platform::kMacos}) {
    ServerLicence licence = Licence();
    licence.platform = platform;
    auto read = ServerLicenceFromPayload(Json::parse(ServerLicencePayload(licence)), "x");
    ASSERT_OK(read) << PlatformName(platform);
    EXPECT_EQ(read->platform, platform);
  }
}

TEST_F(ServerLicenceTest, RejectsUnknownMembersAtTopLevelAndInTerms) {
  Json payload = PayloadJson();
  payload["admin"] = true;
  payload["terms"]["max_nodes"] = 100;
  auto fields = Problems(payload);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "admin"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "terms.max_nodes"), fields.end());
}

TEST_F(ServerLicenceTest, RejectsAnotherVersionOrFormat) {
  Json payload = PayloadJson();
  payload["version"] = 2;
  payload["format"] = "frlic.container-license";
  EXPECT_EQ(Problems(payload), (std::vector<std::string>{"format", "version"}));
}

TEST_F(ServerLicenceTest, RejectsAnotherMethod) {
  Json payload = PayloadJson();
  payload["terms"]["method"] = "local-container";
  auto fields = Problems(payload);
  // ip_ranges, domain and public_ip are not used by local-container: reported with the rest.
  EXPECT_NE(std::find(fields.begin(), fields.end(), "terms.ip_ranges"), fields.end());
}

TEST_F(ServerLicenceTest, ReportsEveryMalformedValueAtOnce) {
  Json payload = PayloadJson();
  payload["serial"] = "frl-5ec0de0000000001";
  payload["key_id"] = "XYZ";
  payload["issued_at"] = "2026-11-23 08:00:00";
  payload["order_id"] = "";
  payload["machine_fingerprint"] = std::string(64, 'A');
  payload["platform"] = "linux-sparc";
  payload["instance_public_key"] = Base64Encode(Bytes(31, 1));
  payload["nonce"] = "AAAA AAAA";
  EXPECT_EQ(
      Problems(payload),
      (std::vector<std::string>{"serial", "key_id", "issued_at", "order_id", "machine_fingerprint",
                                "platform", "instance_public_key", "nonce"}));
}

TEST_F(ServerLicenceTest, ReportsMissingMembersAndWrongTypes) {
  Json payload = PayloadJson();
  payload.erase("nonce");
  payload.erase("terms");
  payload["platform"] = 3;
  payload["version"] = "1";
  EXPECT_EQ(Problems(payload), (std::vector<std::string>{"version", "platform", "nonce", "terms"}));
}

TEST_F(ServerLicenceTest, AContainerLicenceSignatureNeverOpensAsAServerLicence) {
  // The same payload signed under the container type: the type is the signed context.
  const std::string other = Sign(ServerLicencePayload(Licence()), kContainerLicenceType);
  auto opened = OpenServerLicence(AsBytes(other), *keyring_, "license.json");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kMalformed);
  // And a server licence does not open as a Container.lic.
  const std::string server = Sign(ServerLicencePayload(Licence()));
  auto as_container = OpenContainerLicence(AsBytes(server), *keyring_, "Container.lic");
  ASSERT_FALSE(as_container.ok());
  EXPECT_EQ(as_container.error().code(), ErrorCode::kMalformed);
}

TEST_F(ServerLicenceTest, RelabellingTheTypeBreaksTheSignature) {
  const std::string server = Sign(ServerLicencePayload(Licence()));
  std::string relabelled = server;
  const std::string from = kServerLicenceType, to = kReceiptType;
  relabelled.replace(relabelled.find(from), from.size(), to);
  Json json = Json::parse(relabelled);
  // Re-serialise canonically so only the signature check can fail.
  relabelled = SignEnvelope(to, *Base64Decode(json["payload"].get<std::string>()),
                            json["signatures"][0]["keyid"].get<std::string>(),
                            *Base64Decode(json["signatures"][0]["sig"].get<std::string>()));
  auto opened = OpenEnvelope(AsBytes(relabelled), kReceiptType, *keyring_, "x");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kBadSignature);
}

// ---- the licence server's verdict ----

class ServerRequestTest : public ServerLicenceTest {
 protected:
  static Json Request() {
    return Json{{"ip", "192.168.100.25"}, {"product", "FineDataLink"},
                {"version", "4.1.5"},     {"nodes", 3},
                {"app_name", "report1"},  {"domain", "license.example-trading.com"}};
  }
  ServerCode Check(const Json& request, const char* now = "2026-11-23T08:00:00Z") const {
    return CheckServerRequest(Licence(), request.dump(), *ParseInstant(now));
  }
  ServerCode CheckText(std::string_view request) const {
    return CheckServerRequest(Licence(), request, *ParseInstant("2026-11-23T08:00:00Z"));
  }
};

TEST_F(ServerRequestTest, AcceptsAValidRequest) {
  EXPECT_EQ(Check(Request()), ServerCode::kOk);
  Json minimal = Request();
  minimal.erase("domain");
  EXPECT_EQ(Check(minimal), ServerCode::kOk);
  EXPECT_EQ(ExplainServerRequest(Licence(), Request().dump(), *ParseInstant("2026-11-23T08:00:00Z"))
                .detail,
            "");
}

TEST_F(ServerRequestTest, CodeNamesAreTheSeedsTable) {
  EXPECT_STREQ(ServerCodeName(ServerCode::kOk), "OK");
  EXPECT_STREQ(ServerCodeName(ServerCode::kJsonParserError), "JSON_PARSER_ERROR");
  EXPECT_STREQ(ServerCodeName(ServerCode::kParamInputError), "PARAM_INPUT_ERROR");
  EXPECT_STREQ(ServerCodeName(ServerCode::kLicenseExpired), "LICENSE_EXPIRED");
  EXPECT_STREQ(ServerCodeName(ServerCode::kReportVersionError), "REPORT_VERSION_ERROR");
  EXPECT_STREQ(ServerCodeName(ServerCode::kLicenseIpError), "LICENSE_IP_ERROR");
  EXPECT_STREQ(ServerCodeName(ServerCode::kLicenseDomainError), "LICENSE_DOMAIN_ERROR");
  EXPECT_STREQ(ServerCodeName(ServerCode::kLicenseAppnameError), "LICENSE_APPNAME_ERROR");
  EXPECT_STREQ(ServerCodeName(ServerCode::kRegisterOutOfLimit), "REGISTER_OUT_OF_LIMIT");
  EXPECT_EQ(static_cast<int>(ServerCode::kRegisterOutOfLimit), 30007);
}

TEST_F(ServerRequestTest, NotJsonIs10000) {
  EXPECT_EQ(CheckText(""), ServerCode::kJsonParserError);
  EXPECT_EQ(CheckText("{\"ip\":"), ServerCode::kJsonParserError);
  EXPECT_EQ(CheckText("[1,2]"), ServerCode::kJsonParserError);
  EXPECT_EQ(CheckText("{\"ip\":\"1.2.3.4\",\"ip\":\"192.168.100.25\"}"),
            ServerCode::kJsonParserError);
  EXPECT_EQ(CheckText("{} {}"), ServerCode::kJsonParserError);
}

TEST_F(ServerRequestTest, BadParametersAre10001) {
  for (const char* key : {"ip", "product", "version", "nodes"}) {
    Json request = Request();
    request.erase(key);
    EXPECT_EQ(Check(request), ServerCode::kParamInputError) << "missing " << key;
  }
  const std::vector<std::pair<const char*, Json>> bad = {
      {"ip", "192.168.100"},
      {"ip", "192.168.100.025"},
      {"ip", 3232261145},
      {"product", ""},
      {"product", 1},
      {"version", ""},
      {"nodes", 0},
      {"nodes", -1},
      {"nodes", 2.5},
      {"nodes", "3"},
      {"nodes", true},
      {"app_name", ""},
      {"app_name", nullptr},
      {"domain", ""},
      {"domain", Json::array()},
      {"appname", "report1"},  // unknown member: a typo must not skip the app name check
  };
  for (const auto& [key, value] : bad) {
    Json request = Request();
    request[key] = value;
    EXPECT_EQ(Check(request), ServerCode::kParamInputError) << key << "=" << value.dump();
  }
  Json huge = Request();
  huge["nodes"] = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(Check(huge), ServerCode::kParamInputError);
}

TEST_F(ServerRequestTest, ExpiryDayIsValidThroughItsLastSecondUtc) {
  // terms.expires is 2027-10-14.
  EXPECT_EQ(Check(Request(), "2027-10-14T00:00:00Z"), ServerCode::kOk);
  EXPECT_EQ(Check(Request(), "2027-10-14T23:59:59Z"), ServerCode::kOk);
  EXPECT_EQ(Check(Request(), "2027-10-15T00:00:00Z"), ServerCode::kLicenseExpired);
  EXPECT_EQ(Check(Request(), "2030-01-01T00:00:00Z"), ServerCode::kLicenseExpired);
}

TEST_F(ServerRequestTest, ProductOrVersionMismatchIs30001) {
  for (const auto& [product, version] :
       std::vector<std::pair<std::string, std::string>>{{"FineReport", "4.1.5"},
                                                        {"FineDataLink", "4.2"},
                                                        {"FineDataLink", "4.10"},
                                                        {"FineDataLink", "4"},
                                                        {"finedatalink", "4.1"}}) {
    Json request = Request();
    request["product"] = product;
    request["version"] = version;
    EXPECT_EQ(Check(request), ServerCode::kReportVersionError) << product << " " << version;
  }
  for (const char* version : {"4.1", "4.1.5", "4.1.5.2"}) {
    Json request = Request();
    request["version"] = version;
    EXPECT_EQ(Check(request), ServerCode::kOk) << version;
  }
}

TEST_F(ServerRequestTest, AddressOutsideEveryRangeIs30003) {
  // Ranges: 192.168.100.25 - 192.168.100.26 and 192.168.0.1.
  for (const char* ip : {"192.168.100.25", "192.168.100.26", "192.168.0.1"}) {
    Json request = Request();
    request["ip"] = ip;
    EXPECT_EQ(Check(request), ServerCode::kOk) << ip;
  }
  for (const char* ip : {"192.168.100.24", "192.168.100.27", "192.168.0.2", "10.0.0.1", "0.0.0.0",
                         "255.255.255.255"}) {
    Json request = Request();
    request["ip"] = ip;
    EXPECT_EQ(Check(request), ServerCode::kLicenseIpError) << ip;
  }
}

TEST_F(ServerRequestTest, AnotherDomainIs30004OnlyWhenBothNameOne) {
  Json request = Request();
  request["domain"] = "LICENSE.Example-Trading.COM";
  EXPECT_EQ(Check(request), ServerCode::kOk);
  request["domain"] = "license.example.com";
  EXPECT_EQ(Check(request), ServerCode::kLicenseDomainError);
  request.erase("domain");
  EXPECT_EQ(Check(request), ServerCode::kOk);  // reached by IP address
  ServerLicence open = Licence();
  open.terms.domain.clear();
  Json any = Request();
  any["domain"] = "anything.example.org";
  EXPECT_EQ(CheckServerRequest(open, any.dump(), *ParseInstant("2026-11-23T08:00:00Z")),
            ServerCode::kOk);
}

TEST_F(ServerRequestTest, UnlistedOrMissingAppNameIs30005WhenRestricted) {
  Json request = Request();
  request["app_name"] = "report2";
  EXPECT_EQ(Check(request), ServerCode::kOk);
  request["app_name"] = "report3";
  EXPECT_EQ(Check(request), ServerCode::kLicenseAppnameError);
  request["app_name"] = "Report1";  // app names are exact
  EXPECT_EQ(Check(request), ServerCode::kLicenseAppnameError);
  request.erase("app_name");
  EXPECT_EQ(Check(request), ServerCode::kLicenseAppnameError);
  ServerLicence open = Licence();
  open.terms.app_names.clear();
  EXPECT_EQ(CheckServerRequest(open, request.dump(), *ParseInstant("2026-11-23T08:00:00Z")),
            ServerCode::kOk);
}

TEST_F(ServerRequestTest, MoreNodesThanCapacityIs30007) {
  Json request = Request();
  request["nodes"] = 3;  // capacity 3
  EXPECT_EQ(Check(request), ServerCode::kOk);
  request["nodes"] = 4;
  EXPECT_EQ(Check(request), ServerCode::kRegisterOutOfLimit);
}

TEST_F(ServerRequestTest, OnlyTheFirstFailingCodeIsReported) {
  Json everything_wrong = {{"ip", "10.0.0.1"},    {"product", "FineBI"},
                           {"version", "5.0"},    {"nodes", 99},
                           {"app_name", "other"}, {"domain", "other.example.org"}};
  EXPECT_EQ(Check(everything_wrong, "2028-01-01T00:00:00Z"), ServerCode::kLicenseExpired);
  EXPECT_EQ(Check(everything_wrong), ServerCode::kReportVersionError);
  everything_wrong["product"] = "FineDataLink";
  everything_wrong["version"] = "4.1";
  EXPECT_EQ(Check(everything_wrong), ServerCode::kLicenseIpError);
  everything_wrong["ip"] = "192.168.0.1";
  EXPECT_EQ(Check(everything_wrong), ServerCode::kLicenseDomainError);
  everything_wrong.erase("domain");
  EXPECT_EQ(Check(everything_wrong), ServerCode::kLicenseAppnameError);
  everything_wrong["app_name"] = "report1";
  EXPECT_EQ(Check(everything_wrong), ServerCode::kRegisterOutOfLimit);
  // A parameter error comes before every licence check, even on an expired licence.
  everything_wrong["nodes"] = 0;
  EXPECT_EQ(Check(everything_wrong, "2028-01-01T00:00:00Z"), ServerCode::kParamInputError);
}

TEST_F(ServerRequestTest, ExplainsTheReason) {
  Json request = Request();
  request["ip"] = "10.1.2.3";
  auto verdict =
      ExplainServerRequest(Licence(), request.dump(), *ParseInstant("2026-11-23T08:00:00Z"));
  EXPECT_EQ(verdict.code, ServerCode::kLicenseIpError);
  EXPECT_EQ(verdict.detail,
            "ip 10.1.2.3 is in none of 192.168.100.25 - 192.168.100.26, 192.168.0.1");
  verdict =
      ExplainServerRequest(Licence(), Request().dump(), *ParseInstant("2027-10-15T00:00:00Z"));
  EXPECT_EQ(verdict.detail,
            "the licence was valid through 2027-10-14 (UTC); now is 2027-10-15T00:00:00Z");
}

}  // namespace
}  // namespace frlic
