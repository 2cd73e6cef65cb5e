// The shared registration verdict (frlic/licence/registration_verdict.h, docs/formats.md sections
// 8.3 and 9.8) and the Container.lic verdict's facts-not-checked list (section 5.1): what a
// support engineer's partial facts leave unchecked, the component's checks (no address check,
// the domain), and the products' method labels.
#include <gtest/gtest.h>

#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/keys/keyring.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/registration_verdict.h"
#include "frlic/order/order.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

Terms PrivateCloudTerms() {
  Terms terms;
  terms.method = Method::kPrivateCloud;
  terms.product = {"FineDataLink", "4.1", "4.1.5-20240105"};
  terms.capacity = 3;
  terms.expires = *ParseDate("2027-10-14");
  terms.app_names = {"report1", "report2"};
  terms.ip_ranges = {*ParseIpRange("192.168.100.25 - 192.168.100.26")};
  terms.domain = "license.example-trading.com";
  return terms;
}

Terms ComponentTerms() {
  Terms terms;
  terms.method = Method::kContainerPrivateCloud;
  terms.product = {"FineReport", "11.0", "11.0.26-20240830"};
  terms.capacity = 4;
  terms.expires = *ParseDate("2027-09-29");
  terms.app_names = {"finance"};
  terms.domain = "component.example.com";
  terms.port = 18081;
  return terms;
}

const UnixSeconds kNow = *ParseInstant("2027-03-01T00:00:00Z");

TEST(RegistrationVerdict, NoFactsIsAcceptedWithEveryRestrictedFactNotChecked) {
  const RegistrationVerdict judged =
      JudgeRegistration(PrivateCloudTerms(), {}, FactsAre::kPartial, kNow);
  EXPECT_EQ(judged.verdict.code, ServerCode::kOk);
  EXPECT_EQ(judged.not_checked, (std::vector<std::string>{"ip", "product", "product-version",
                                                          "domain", "app-name", "nodes"}));
  // Without restrictions on app names and domain they are not listed.
  Terms open = PrivateCloudTerms();
  open.app_names.clear();
  open.domain.clear();
  EXPECT_EQ(JudgeRegistration(open, {}, FactsAre::kPartial, kNow).not_checked,
            (std::vector<std::string>{"ip", "product", "product-version", "nodes"}));
}

TEST(RegistrationVerdict, AnAbsentAppNameFailsARequestButIsUnknownToSupport) {
  RegistrationFacts facts;
  facts.ip = *ParseIpv4("192.168.100.25");
  facts.product = "FineDataLink";
  facts.version = "4.1.5";
  facts.nodes = 1;
  EXPECT_EQ(JudgeRegistration(PrivateCloudTerms(), facts, FactsAre::kRequest, kNow).verdict.code,
            ServerCode::kLicenseAppnameError);
  const RegistrationVerdict partial =
      JudgeRegistration(PrivateCloudTerms(), facts, FactsAre::kPartial, kNow);
  EXPECT_EQ(partial.verdict.code, ServerCode::kOk);
  EXPECT_EQ(partial.not_checked, (std::vector<std::string>{"domain", "app-name"}));
  facts.app_name = "other";
  EXPECT_EQ(JudgeRegistration(PrivateCloudTerms(), facts, FactsAre::kPartial, kNow).verdict.code,
            ServerCode::kLicenseAppnameError);
  // A fact that is given is checked even when others are not: the first failing one wins.
  RegistrationFacts nodes_only;
  nodes_only.nodes = 4;
  EXPECT_EQ(
      JudgeRegistration(PrivateCloudTerms(), nodes_only, FactsAre::kPartial, kNow).verdict.code,
      ServerCode::kRegisterOutOfLimit);
}

TEST(RegistrationVerdict, TheComponentChecksDomainAppNameVersionExpiryCapacityNotTheAddress) {
  auto request = [](const std::string& extra, int nodes) {
    return R"({"ip":"8.8.8.8","product":"FineReport","version":"11.0.26","app_name":"finance",)" +
           extra + R"("nodes":)" + std::to_string(nodes) + "}";
  };
  EXPECT_EQ(ExplainRegistrationRequest(ComponentTerms(), request("", 4), kNow).code,
            ServerCode::kOk);
  EXPECT_EQ(ExplainRegistrationRequest(ComponentTerms(),
                                       request(R"("domain":"COMPONENT.example.com",)", 1), kNow)
                .code,
            ServerCode::kOk);
  const ServerVerdict domain = ExplainRegistrationRequest(
      ComponentTerms(), request(R"("domain":"other.example.com",)", 1), kNow);
  EXPECT_EQ(domain.code, ServerCode::kLicenseDomainError);
  EXPECT_NE(domain.detail.find("component.example.com"), std::string::npos) << domain.detail;
  EXPECT_EQ(ExplainRegistrationRequest(ComponentTerms(), request("", 5), kNow).code,
            ServerCode::kRegisterOutOfLimit);
  EXPECT_EQ(ExplainRegistrationRequest(ComponentTerms(), request("", 1),
                                       *ParseInstant("2027-09-30T00:00:00Z"))
                .code,
            ServerCode::kLicenseExpired);
  // No address is ever listed as not checked for a component: its licence names none.
  const RegistrationVerdict partial =
      JudgeRegistration(ComponentTerms(), {}, FactsAre::kPartial, kNow);
  EXPECT_EQ(partial.not_checked, (std::vector<std::string>{"product", "product-version", "domain",
                                                           "app-name", "nodes"}));
}

TEST(RegistrationVerdict, EveryCodeHasItsName) {
  EXPECT_STREQ(ServerCodeName(ServerCode::kDoNotNeedDeactivate), "DO_NOT_NEED_DEACTIVATE");
  EXPECT_STREQ(ServerCodeName(ServerCode::kAccountStatusError), "ACCOUNT_STATUS_ERROR");
  EXPECT_STREQ(ServerCodeName(ServerCode::kAccountInputError), "ACCOUNT_INPUT_ERROR");
  EXPECT_EQ(static_cast<int>(ServerCode::kDoNotNeedDeactivate), 20000);
  EXPECT_EQ(static_cast<int>(ServerCode::kAccountStatusError), 30002);
  EXPECT_EQ(static_cast<int>(ServerCode::kAccountInputError), 30006);
}

// Section 5.1: a fact the licence restricts but the support engineer did not give is named, so
// an accepted verdict never hides an unchecked app name or project content.
TEST(ContainerVerdictFacts, RestrictedFactsLeftOutAreNamed) {
  auto keyring = Keyring::Load(testing::kExampleKeys);
  ASSERT_OK(keyring);
  auto bytes = ReadFile(FRLIC_SOURCE_DIR "/tests/vectors/container-license/golden.lic");
  ASSERT_OK(bytes);
  const UnixSeconds now = *ParseInstant("2027-01-01T00:00:00Z");
  const ContainerVerdict bare = CheckContainerLicence(*bytes, *keyring, {}, now, "golden.lic");
  EXPECT_TRUE(bare.accepted());
  EXPECT_EQ(bare.not_checked, (std::vector<std::string>{"product", "product-version", "app-name",
                                                        "nodes", "project-content"}));
  DeploymentFacts all;
  all.method = "Local Container";  // the product's own label
  all.product = "FineDataLink";
  all.version = "4.1.5";
  all.app_name = "webroot";
  all.nodes = 2;
  all.project_content = "sales-analytics-prod";
  const ContainerVerdict full = CheckContainerLicence(*bytes, *keyring, all, now, "golden.lic");
  EXPECT_TRUE(full.accepted()) << (full.reasons.empty() ? "" : full.reasons[0].prompt);
  EXPECT_TRUE(full.not_checked.empty());
  all.method = "Private Cloud";
  const ContainerVerdict other = CheckContainerLicence(*bytes, *keyring, all, now, "golden.lic");
  ASSERT_EQ(other.reasons.size(), 1u);
  EXPECT_EQ(other.reasons[0].failure, ContainerFailure::kTypeMismatch);
}

TEST(ProductMethodLabels, TheManualsLabelsAndTheIdsAreAccepted) {
  EXPECT_EQ(MethodFromProductLabel("Local Container"), "local-container");
  EXPECT_EQ(MethodFromProductLabel("local container"), "local-container");
  EXPECT_EQ(MethodFromProductLabel("LOCAL-CONTAINER"), "local-container");
  EXPECT_EQ(MethodFromProductLabel("Private Cloud"), "private-cloud");
  EXPECT_EQ(MethodFromProductLabel("Container Private Cloud"), "container-private-cloud");
  EXPECT_EQ(MethodFromProductLabel(" Public Cloud "), "public-cloud");
  EXPECT_EQ(MethodFromProductLabel("Local"), std::nullopt);
  EXPECT_EQ(MethodFromProductLabel("local_container"), std::nullopt);
}

}  // namespace
}  // namespace frlic
