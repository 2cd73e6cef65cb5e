// privateConfig and the container component's licence at the library level: making, peeking
// and opening a privateConfig; the component licence payload; the issuer's verdict against a
// real ledger in every state the licence can be in; and Revoke, which puts it in the one state
// a privateConfig is accepted in.
#include <gtest/gtest.h>

#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/issue/issue.h"
#include "frlic/issue/private_config_verdict.h"
#include "frlic/issue/revoke.h"
#include "frlic/keys/key_id.h"
#include "frlic/ledger/ledger.h"
#include "frlic/licence/component_licence.h"
#include "frlic/licence/envelope.h"
#include "frlic/licence/private_config.h"
#include "frlic/order/order.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace container_cloud_vectors {
Ed25519PrivateKey InstanceKey();
Ed25519PrivateKey OtherInstanceKey();
Terms VectorTerms();
ComponentLicence VectorLicence(const std::string& issuer_key_id);
PrivateConfig VectorPrivateConfig(const ComponentLicence& licence,
                                  const std::string& licence_sha256);
}  // namespace container_cloud_vectors

namespace {

namespace ccv = container_cloud_vectors;

using testing::kExampleKeyId;
constexpr char kComponentSerial[] = "FRL-5EC0DE0000000003";
constexpr char kCheckedAt[] = "2027-03-01T00:00:00Z";
// Only the digest of the licence file matters to a privateConfig.
const std::string kLicenceSha256 = Sha256Hex(AsBytes("the component licence"));

std::string VerdictName(const PrivateConfigVerdict& verdict) {
  return verdict.valid() ? "valid" : PrivateConfigFailureName(*verdict.failure);
}

std::vector<std::string> ProblemFields(const Error& error) {
  std::vector<std::string> fields;
  for (const auto& p : error.problems()) fields.push_back(p.field);
  return fields;
}

// ---- privateConfig: make, peek, open ----

class PrivateConfigTest : public ::testing::Test {
 protected:
  PrivateConfigTest()
      : instance_(ccv::InstanceKey()),
        other_(ccv::OtherInstanceKey()),
        licence_(ccv::VectorLicence(kExampleKeyId)),
        config_(ccv::VectorPrivateConfig(licence_, kLicenceSha256)) {}

  Ed25519PrivateKey instance_;
  Ed25519PrivateKey other_;
  ComponentLicence licence_;
  PrivateConfig config_;
};

TEST_F(PrivateConfigTest, MakeRoundTripsThroughPeekAndOpen) {
  auto made = MakePrivateConfig(config_, instance_);
  ASSERT_OK(made);
  auto peeked = PeekPrivateConfig(AsBytes(*made), "privateConfig");
  ASSERT_OK(peeked);
  auto opened = OpenPrivateConfig(AsBytes(*made), instance_.public_key(), "privateConfig");
  ASSERT_OK(opened);
  for (const PrivateConfig* read : {&*peeked, &*opened}) {
    EXPECT_EQ(read->serial, kComponentSerial);
    EXPECT_EQ(read->key_id,
              DeriveKeyId(KeyAlgorithm::kEd25519, ByteView(instance_.public_key().bytes())));
    EXPECT_EQ(read->instance_id, "000102030405060708090a0b0c0d0e0f");
    EXPECT_EQ(read->licence_sha256, kLicenceSha256);
    EXPECT_EQ(read->instance_public_key, instance_.public_key().bytes());
    EXPECT_EQ(FormatInstant(read->deployed_at), "2027-02-01T09:30:00Z");
    EXPECT_EQ(read->port, 18081);
  }
  // The payload is exactly what PrivateConfigPayload gives for what was read back.
  auto envelope = ReadEnvelopeUnverified(AsBytes(*made), "privateConfig");
  ASSERT_OK(envelope);
  EXPECT_EQ(envelope->payload_type, kPrivateConfigType);
  EXPECT_EQ(AsText(envelope->payload), PrivateConfigPayload(*opened));
}

TEST_F(PrivateConfigTest, KeyIdAndPublicKeyComeFromTheSigningKey) {
  PrivateConfig lying = config_;
  lying.key_id = "0000000000000000";
  lying.instance_public_key = other_.public_key().bytes();
  auto made = MakePrivateConfig(lying, instance_);
  ASSERT_OK(made);
  auto opened = OpenPrivateConfig(AsBytes(*made), instance_.public_key(), "privateConfig");
  ASSERT_OK(opened);
  EXPECT_EQ(opened->instance_public_key, instance_.public_key().bytes());
}

TEST_F(PrivateConfigTest, OpenWithAnotherPinnedKeyIsUnknownKey) {
  auto made = MakePrivateConfig(config_, instance_);
  ASSERT_OK(made);
  auto opened = OpenPrivateConfig(AsBytes(*made), other_.public_key(), "privateConfig");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kUnknownKey);
  // Peeking does not verify: it only learns the serial.
  EXPECT_OK(PeekPrivateConfig(AsBytes(*made), "privateConfig"));
}

TEST_F(PrivateConfigTest, RefusesToSignWhatItCouldNotOpen) {
  PrivateConfig no_port = config_;
  no_port.port = 0;
  auto unported = MakePrivateConfig(no_port, instance_);
  ASSERT_FALSE(unported.ok());
  EXPECT_EQ(unported.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ProblemFields(unported.error()), std::vector<std::string>{"port"});
  PrivateConfig bad_id = config_;
  bad_id.instance_id = "000102030405060708090A0B0C0D0E0F";
  auto made = MakePrivateConfig(bad_id, instance_);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ProblemFields(made.error()), std::vector<std::string>{"instance_id"});
  PrivateConfig bad_serial = config_;
  bad_serial.serial = "FRL-1";
  EXPECT_FALSE(MakePrivateConfig(bad_serial, instance_).ok());
  PrivateConfig bad_digest = config_;
  bad_digest.licence_sha256 = "ABC";
  EXPECT_FALSE(MakePrivateConfig(bad_digest, instance_).ok());
}

TEST_F(PrivateConfigTest, PayloadReportsEveryProblem) {
  Json payload = ParseStrictJson(PrivateConfigPayload(config_), "p").value();
  payload["port"] = 70000;
  payload["instance_id"] = "xyz";
  payload["version"] = 2;
  payload["extra"] = true;
  payload.erase("deployed_at");
  auto read = PrivateConfigFromPayload(payload, "privateConfig");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kMalformed);
  const auto fields = ProblemFields(read.error());
  for (const char* field : {"port", "instance_id", "version", "extra", "deployed_at"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end())
        << field << " not reported: " << ::testing::PrintToString(fields);
  }
}

// ---- the component licence payload ----

TEST_F(PrivateConfigTest, ComponentLicencePayloadRoundTrips) {
  const std::string payload = ComponentLicencePayload(licence_);
  auto read = ComponentLicenceFromPayload(ParseStrictJson(payload, "p").value(), "license.json");
  ASSERT_OK(read);
  EXPECT_EQ(read->serial, licence_.serial);
  EXPECT_EQ(read->key_id, licence_.key_id);
  EXPECT_EQ(read->issued_at, licence_.issued_at);
  EXPECT_EQ(read->order_id, licence_.order_id);
  EXPECT_EQ(read->terms, licence_.terms);
  EXPECT_EQ(read->instance_public_key, licence_.instance_public_key);
  EXPECT_EQ(ComponentLicencePayload(*read), payload);
}

TEST_F(PrivateConfigTest, ComponentLicenceWithoutPortIsReported) {
  Json payload = ParseStrictJson(ComponentLicencePayload(licence_), "p").value();
  payload["terms"].erase("port");
  auto read = ComponentLicenceFromPayload(payload, "license.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(ProblemFields(read.error()), std::vector<std::string>{"terms.port"});
}

TEST_F(PrivateConfigTest, ComponentLicenceOfAnotherMethodIsMalformed) {
  Json payload = ParseStrictJson(ComponentLicencePayload(licence_), "p").value();
  payload["terms"]["method"] = "local-container";
  payload["terms"].erase("port");
  auto read = ComponentLicenceFromPayload(payload, "license.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kMalformed);
}

TEST(ComponentPortTest, DefaultsTo18081) {
  Terms terms = ccv::VectorTerms();
  terms.port.reset();
  EXPECT_EQ(ComponentPort(terms), 18081);
  EXPECT_EQ(kDefaultComponentPort, 18081);
  terms.port = 65535;
  EXPECT_EQ(ComponentPort(terms), 65535);
}

// ---- the verdict against a real ledger ----

class PrivateConfigVerdictTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    ledger_path_ = Path("ledger.sqlite");
    auto opened = Ledger::CreateSqlite(ledger_path_, clock_);
    ASSERT_OK(opened);
    ledger_ = std::move(opened).value();
    config_bytes_ = MakePrivateConfig(config_, instance_).value();
  }

  LedgerRecord Record(const std::string& serial, const std::string& order_id,
                      Method method = Method::kContainerPrivateCloud) const {
    LedgerRecord record;
    record.serial = serial;
    record.order_id = order_id;
    record.method = MethodName(method);
    record.terms_json = TermsToJson(licence_.terms).dump();
    record.artifact_path = Path(serial + ".tar");
    record.artifact_sha256 = Sha256Hex(AsBytes("image " + serial));
    record.instance_public_key = HexEncode(ByteView(instance_.public_key().bytes()));
    record.key_id = kExampleKeyId;
    record.issued_at = licence_.issued_at;
    record.extra_json = Json{{"licence_sha256", kLicenceSha256}, {"port", 18081}}.dump();
    return record;
  }

  void Issue(const LedgerRecord& record) {
    Status begun = ledger_->BeginIssue(record);
    ASSERT_OK(begun);
    Status completed = ledger_->CompleteIssue(record.serial);
    ASSERT_OK(completed);
  }
  void IssueGolden() { Issue(Record(kComponentSerial, "ORD-2026-0103")); }
  void SetStatus(const std::string& serial, LicenceStatus status, const std::string& action) {
    Status set = ledger_->SetStatus(serial, status, action, R"({"reason":"test"})");
    ASSERT_OK(set);
  }

  PrivateConfigVerdict Judge(const std::string& bytes) {
    auto verdict = JudgePrivateConfig(*ledger_, AsBytes(bytes), "privateConfig", Now());
    EXPECT_OK(verdict);
    return verdict.ok() ? *verdict : PrivateConfigVerdict{};
  }
  PrivateConfigVerdict Judge() { return Judge(config_bytes_); }

  LicenceStatus StatusOf(const std::string& serial) {
    auto found = ledger_->FindBySerial(serial);
    EXPECT_TRUE(found.ok() && found->has_value()) << serial;
    return found.ok() && found->has_value() ? (*found)->status : LicenceStatus::kPending;
  }

  void ExpectChainClean() {
    auto report = ledger_->Verify();
    ASSERT_OK(report);
    EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
  }

  static UnixSeconds Now() { return *ParseInstant(kCheckedAt); }

  FixedClock clock_{Now()};
  Ed25519PrivateKey instance_ = ccv::InstanceKey();
  ComponentLicence licence_ = ccv::VectorLicence(kExampleKeyId);
  PrivateConfig config_ = ccv::VectorPrivateConfig(licence_, kLicenceSha256);
  std::string config_bytes_;
  std::string ledger_path_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(PrivateConfigVerdictTest, ActiveLicenceIsNotRevoked) {
  IssueGolden();
  const PrivateConfigVerdict verdict = Judge();
  EXPECT_EQ(VerdictName(verdict), "not-revoked") << verdict.message;
  EXPECT_NE(verdict.message.find("frlic revoke"), std::string::npos) << verdict.message;
  EXPECT_EQ(verdict.serial, kComponentSerial);
}

TEST_F(PrivateConfigVerdictTest, RevokedLicenceIsValid) {
  IssueGolden();
  SetStatus(kComponentSerial, LicenceStatus::kRevoked, "revoke");
  const PrivateConfigVerdict verdict = Judge();
  EXPECT_EQ(VerdictName(verdict), "valid") << verdict.message;
  EXPECT_EQ(verdict.serial, kComponentSerial);
  EXPECT_EQ(verdict.instance_id, "000102030405060708090a0b0c0d0e0f");
  EXPECT_EQ(verdict.deployed_at, config_.deployed_at);
  EXPECT_EQ(verdict.private_config_sha256, Sha256Hex(AsBytes(config_bytes_)));
  // Judging only reads.
  EXPECT_EQ(StatusOf(kComponentSerial), LicenceStatus::kRevoked);
  ExpectChainClean();
}

TEST_F(PrivateConfigVerdictTest, TheSameVerdictInsideATransaction) {
  IssueGolden();
  SetStatus(kComponentSerial, LicenceStatus::kRevoked, "revoke");
  std::string name;
  Status run = ledger_->Transaction([&](LedgerTxn& txn) -> Status {
    FRLIC_ASSIGN_OR_RETURN(PrivateConfigVerdict verdict,
                           JudgePrivateConfig(txn, AsBytes(config_bytes_), "privateConfig", Now()));
    name = VerdictName(verdict);
    return Ok();
  });
  ASSERT_OK(run);
  EXPECT_EQ(name, "valid");
}

TEST_F(PrivateConfigVerdictTest, SupersededLicenceIsAlreadyReissued) {
  IssueGolden();
  SetStatus(kComponentSerial, LicenceStatus::kRevoked, "revoke");
  SetStatus(kComponentSerial, LicenceStatus::kSuperseded, "supersede");
  EXPECT_EQ(VerdictName(Judge()), "already-reissued");
}

TEST_F(PrivateConfigVerdictTest, ALicenceWithAReplacementIsAlreadyReissued) {
  IssueGolden();
  SetStatus(kComponentSerial, LicenceStatus::kRevoked, "revoke");
  LedgerRecord replacement = Record("FRL-5EC0DE0000000004", "ORD-2026-0103");
  replacement.parent_serial = kComponentSerial;
  Issue(replacement);
  ASSERT_EQ(StatusOf(kComponentSerial), LicenceStatus::kRevoked);
  const PrivateConfigVerdict verdict = Judge();
  EXPECT_EQ(VerdictName(verdict), "already-reissued") << verdict.message;
  EXPECT_NE(verdict.message.find("FRL-5EC0DE0000000004"), std::string::npos) << verdict.message;
}

TEST_F(PrivateConfigVerdictTest, AnAbortedReplacementDoesNotCount) {
  IssueGolden();
  SetStatus(kComponentSerial, LicenceStatus::kRevoked, "revoke");
  LedgerRecord replacement = Record("FRL-5EC0DE0000000004", "ORD-2026-0103");
  replacement.parent_serial = kComponentSerial;
  ASSERT_OK(ledger_->BeginIssue(replacement));
  // A pending replacement already counts: a reissue is under way.
  EXPECT_EQ(VerdictName(Judge()), "already-reissued");
  ASSERT_OK(ledger_->AbortIssue(replacement.serial, "killed"));
  EXPECT_EQ(VerdictName(Judge()), "valid");
}

TEST_F(PrivateConfigVerdictTest, OtherStatusesAreNotRevoked) {
  IssueGolden();
  SetStatus(kComponentSerial, LicenceStatus::kDestroyed, "destroy");
  EXPECT_EQ(VerdictName(Judge()), "licence-not-revoked");
}

TEST_F(PrivateConfigVerdictTest, APendingLicenceIsNotRevoked) {
  ASSERT_OK(ledger_->BeginIssue(Record(kComponentSerial, "ORD-2026-0103")));
  EXPECT_EQ(VerdictName(Judge()), "licence-not-revoked");
}

TEST_F(PrivateConfigVerdictTest, APrivateCloudRecordIsNotContainerPrivateCloud) {
  Issue(Record(kComponentSerial, "ORD-2026-0103", Method::kPrivateCloud));
  SetStatus(kComponentSerial, LicenceStatus::kRevoked, "revoke");
  const PrivateConfigVerdict verdict = Judge();
  EXPECT_EQ(VerdictName(verdict), "not-container-private-cloud") << verdict.message;
}

TEST_F(PrivateConfigVerdictTest, UnknownSerial) {
  Issue(Record("FRL-5EC0DE0000000009", "ORD-2026-0109"));
  const PrivateConfigVerdict verdict = Judge();
  EXPECT_EQ(VerdictName(verdict), "unknown-serial") << verdict.message;
  EXPECT_EQ(verdict.serial, kComponentSerial);
}

TEST_F(PrivateConfigVerdictTest, TheKeyComesFromTheLedger) {
  // The ledger recorded another instance key: the file's own key does not help.
  LedgerRecord record = Record(kComponentSerial, "ORD-2026-0103");
  record.instance_public_key = HexEncode(ByteView(ccv::OtherInstanceKey().public_key().bytes()));
  Issue(record);
  SetStatus(kComponentSerial, LicenceStatus::kRevoked, "revoke");
  EXPECT_EQ(VerdictName(Judge()), "bad-signature");
}

TEST_F(PrivateConfigVerdictTest, ChecksComeInTheDocumentedOrder) {
  // Signature and licence digest come before the dates, the dates before the status.
  IssueGolden();
  PrivateConfig both = config_;
  both.licence_sha256 = Sha256Hex(AsBytes("another licence"));
  both.deployed_at = *ParseInstant("2030-01-01T00:00:00Z");
  const std::string mismatch_and_future = MakePrivateConfig(both, instance_).value();
  EXPECT_EQ(VerdictName(Judge(mismatch_and_future)), "licence-mismatch");
  PrivateConfig future = config_;
  future.deployed_at = both.deployed_at;
  EXPECT_EQ(VerdictName(Judge(MakePrivateConfig(future, instance_).value())), "dated-in-future");
  EXPECT_EQ(VerdictName(Judge()), "not-revoked");
}

TEST_F(PrivateConfigVerdictTest, VerifyPrivateConfigReadsTheFileAndTheLedger) {
  IssueGolden();
  SetStatus(kComponentSerial, LicenceStatus::kRevoked, "revoke");
  const std::string path = Path("privateConfig");
  ASSERT_OK(WriteFileAtomic(path, AsBytes(config_bytes_), {}));
  auto verdict = VerifyPrivateConfig(path, ledger_path_, clock_);
  ASSERT_OK(verdict);
  EXPECT_EQ(VerdictName(*verdict), "valid") << verdict->message;
  auto missing = VerifyPrivateConfig(Path("nothing"), ledger_path_, clock_);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

// ---- Revoke ----

TEST_F(PrivateConfigVerdictTest, RevokeMovesAnActiveLicenceToRevoked) {
  IssueGolden();
  auto revoked = Revoke(kComponentSerial, "customer moved the component", ledger_path_, clock_);
  ASSERT_OK(revoked);
  EXPECT_EQ(revoked->serial, kComponentSerial);
  EXPECT_EQ(revoked->method, "container-private-cloud");
  EXPECT_EQ(revoked->revoked_at, Now());
  EXPECT_EQ(StatusOf(kComponentSerial), LicenceStatus::kRevoked);
  auto events = ledger_->Events(kComponentSerial);
  ASSERT_OK(events);
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->back().action, "revoke");
  auto detail = ParseStrictJson(events->back().detail_json, "detail");
  ASSERT_OK(detail);
  EXPECT_EQ(detail->value("reason", ""), "customer moved the component");
  EXPECT_EQ(detail->value("status", ""), "revoked");
  ExpectChainClean();
  // And now the privateConfig is accepted.
  EXPECT_EQ(VerdictName(Judge()), "valid");
}

TEST_F(PrivateConfigVerdictTest, RevokeRefusals) {
  IssueGolden();
  auto unknown = Revoke("FRL-5EC0DE00000000FF", "moved", ledger_path_, clock_);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
  for (const char* reason : {"", " ", " \t "}) {
    auto empty = Revoke(kComponentSerial, reason, ledger_path_, clock_);
    ASSERT_FALSE(empty.ok()) << "reason \"" << reason << "\"";
    EXPECT_EQ(empty.error().code(), ErrorCode::kInvalidInput);
  }
  EXPECT_EQ(StatusOf(kComponentSerial), LicenceStatus::kActive);  // the refusals changed nothing
  ASSERT_OK(Revoke(kComponentSerial, "moved", ledger_path_, clock_));
  auto again = Revoke(kComponentSerial, "moved again", ledger_path_, clock_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  LedgerRecord pending = Record("FRL-5EC0DE0000000005", "ORD-2026-0105");
  ASSERT_OK(ledger_->BeginIssue(pending));
  auto not_active = Revoke(pending.serial, "moved", ledger_path_, clock_);
  ASSERT_FALSE(not_active.ok());
  EXPECT_EQ(not_active.error().code(), ErrorCode::kConflict);
  auto events = ledger_->Events(kComponentSerial);
  ASSERT_OK(events);
  EXPECT_EQ(events->size(), 3u);  // begin-issue, issue, revoke
  ExpectChainClean();
}

}  // namespace
}  // namespace frlic
