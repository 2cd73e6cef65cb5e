// The issuer's activation verdict and binding (frlic/issue/activate) against a real SQLite
// ledger.
#include <gtest/gtest.h>

#include <cstdio>
#include <limits>

#include "activation_test_support.h"
#include "frlic/activation/activation_code.h"
#include "frlic/activation/activation_release.h"
#include "frlic/core/bytes.h"
#include "frlic/core/time.h"
#include "frlic/issue/activate.h"
#include "frlic/ledger/ledger.h"
#include "frlic/order/order.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::Contains;
using testing::CountingSecret;
using testing::ErrorText;
using testing::kExampleKeyId;

constexpr char kActivatedSerial[] = "FRL-5EC0DE00000000A1";
constexpr UnixSeconds kActivateNow = 1795420800 + 3600;  // 2026-11-23T09:00:00Z

std::string VerdictName(const ActivationVerdict& verdict) {
  return verdict.valid() ? "valid" : ActivationFailureName(*verdict.failure);
}

class ActivateTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    auto opened = Ledger::CreateSqlite(Path("ledger.sqlite"), clock_);
    ASSERT_OK(opened);
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
    record.issued_at = kActivateNow - 86400;
    Status begun = ledger_->BeginIssue(record);
    ASSERT_OK(begun);
    Status completed = ledger_->CompleteIssue(serial);
    ASSERT_OK(completed);
  }

  ActivationPayload Payload(const std::string& project_identity, UnixSeconds shown_at,
                            const std::string& serial = kActivatedSerial) {
    nonce_counter_ += 1;
    char nonce[17];
    std::snprintf(nonce, sizeof nonce, "%016llx", static_cast<unsigned long long>(nonce_counter_));
    return ActivationPayload{serial, kExampleKeyId, ProjectFingerprint(project_identity), nonce,
                             shown_at};
  }

  ActivationVerdict Judge(const std::string& text, UnixSeconds now = kActivateNow) {
    auto verdict = Activate(*ledger_, text, "the request", secrets_, now);
    EXPECT_OK(verdict);
    return verdict.ok() ? *verdict : ActivationVerdict{};
  }
  ActivationVerdict Judge(const ActivationPayload& payload, UnixSeconds now = kActivateNow) {
    return Judge(ActivationUrl(kDefaultActivationUrl, payload), now);
  }

  std::vector<LedgerEvent> Events(const std::string& serial = kActivatedSerial) {
    auto events = ledger_->Events(serial);
    EXPECT_OK(events);
    return events.ok() ? *events : std::vector<LedgerEvent>{};
  }
  std::size_t EventCount() { return Events("").size(); }

  std::optional<ActivationBinding> Binding(const std::string& serial = kActivatedSerial) {
    std::optional<ActivationBinding> binding;
    Status read = ledger_->Transaction([&](LedgerTxn& txn) -> Status {
      FRLIC_ASSIGN_OR_RETURN(binding, CurrentBinding(txn, serial));
      return Ok();
    });
    EXPECT_OK(read);
    return binding;
  }

  // Judges `payload` expecting `name`, and that a refusal changed nothing.
  ActivationVerdict ExpectRefused(const ActivationPayload& payload, const std::string& name,
                                  UnixSeconds now = kActivateNow) {
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
    ASSERT_OK(report);
    EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
  }

  FixedClock clock_{kActivateNow};
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
  Issue(kActivatedSerial, "ORD-1");
  const ActivationPayload payload = Payload("install-0001", kActivateNow - 10);
  const std::size_t before = EventCount();
  const ActivationVerdict verdict = Judge(payload);
  ASSERT_EQ(VerdictName(verdict), "valid") << verdict.message;
  EXPECT_EQ(verdict.code, ActivationCode(secret_, payload));
  EXPECT_EQ(verdict.code.size(), 6u);
  EXPECT_EQ(verdict.serial, kActivatedSerial);
  EXPECT_EQ(verdict.project, payload.project);
  EXPECT_EQ(verdict.valid_until, payload.shown_at + 300);
  EXPECT_TRUE(Contains(verdict.message, kActivatedSerial)) << verdict.message;

  ASSERT_EQ(EventCount(), before + 1);
  const LedgerEvent event = Events().back();
  EXPECT_EQ(event.action, "activate");
  EXPECT_EQ(event.serial, kActivatedSerial);
  auto detail = ParseStrictJson(event.detail_json, "detail");
  ASSERT_OK(detail);
  EXPECT_EQ((*detail)["project"], payload.project);
  EXPECT_EQ((*detail)["nonce"], payload.nonce);
  EXPECT_EQ((*detail)["status"], "active");
  auto record = ledger_->FindBySerial(kActivatedSerial);
  ASSERT_OK(record);
  ASSERT_TRUE(record->has_value());
  EXPECT_EQ((*record)->status, LicenceStatus::kActive);

  const auto binding = Binding();
  ASSERT_TRUE(binding.has_value());
  EXPECT_EQ(binding->project, payload.project);
  EXPECT_EQ(binding->bound_at, kActivateNow);
  ExpectChainClean();
}

TEST_F(ActivateTest, TheBoundProjectMayActivateAgain) {
  Issue(kActivatedSerial, "ORD-1");
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow - 10))), "valid");
  const ActivationPayload again = Payload("install-0001", kActivateNow + 100);
  const ActivationVerdict verdict = Judge(again, kActivateNow + 120);
  ASSERT_EQ(VerdictName(verdict), "valid") << verdict.message;
  EXPECT_EQ(verdict.code, ActivationCode(secret_, again));
  EXPECT_EQ(Binding()->project, again.project);
  ExpectChainClean();
}

TEST_F(ActivateTest, AnotherProjectIsBoundElsewhereUntilCancelled) {
  Issue(kActivatedSerial, "ORD-1");
  const ActivationPayload first = Payload("install-0001", kActivateNow - 10);
  ASSERT_EQ(VerdictName(Judge(first)), "valid");

  const ActivationPayload second = Payload("install-0002", kActivateNow - 5);
  const ActivationVerdict refused = ExpectRefused(second, "bound-elsewhere");
  EXPECT_EQ(refused.bound_project, first.project);
  EXPECT_EQ(refused.bound_at, kActivateNow);
  EXPECT_EQ(refused.serial, kActivatedSerial);
  EXPECT_EQ(refused.project, second.project);
  EXPECT_TRUE(Contains(refused.message, first.project)) << refused.message;
  EXPECT_TRUE(Contains(refused.message, "frlic activation cancel")) << refused.message;
  EXPECT_TRUE(Contains(refused.message, "frlic activation release")) << refused.message;

  auto cancelled = CancelActivation(*ledger_, kActivatedSerial, "the customer moved the project");
  ASSERT_OK(cancelled);
  EXPECT_EQ(cancelled->project, first.project);
  const LedgerEvent cancel = Events().back();
  EXPECT_EQ(cancel.action, "activation-cancel");
  auto detail = ParseStrictJson(cancel.detail_json, "detail");
  ASSERT_OK(detail);
  EXPECT_EQ((*detail)["project"], first.project);
  EXPECT_EQ((*detail)["reason"], "the customer moved the project");
  EXPECT_EQ((*detail)["status"], "active");
  EXPECT_FALSE(Binding().has_value());

  const ActivationVerdict moved = Judge(second);
  ASSERT_EQ(VerdictName(moved), "valid") << moved.message;
  EXPECT_EQ(moved.code, ActivationCode(secret_, second));
  EXPECT_EQ(Binding()->project, second.project);
  // Now the first project is the one elsewhere.
  ExpectRefused(Payload("install-0001", kActivateNow), "bound-elsewhere");
  ExpectChainClean();
}

// docs/formats.md section 11.8: the product's "Re-register" releases its binding with a proof
// the vendor checks; a new project can then activate without business.
class ReleaseTest : public ActivateTest {
 protected:
  ActivationRelease Release(const std::string& project_identity, UnixSeconds at) {
    ActivationRelease release;
    release.payload = Payload(project_identity, at);
    release.tag = ActivationReleaseTag(secret_, release.payload);
    return release;
  }
  std::string Released(const ActivationRelease& release, UnixSeconds now = kActivateNow) {
    const std::size_t before = EventCount();
    auto verdict = ReleaseActivation(*ledger_, ActivationReleaseUrl(kDefaultReleaseUrl, release),
                                     "the release", secrets_, now);
    EXPECT_OK(verdict);
    if (!verdict.ok()) return "error";
    if (!verdict->released()) {
      EXPECT_EQ(EventCount(), before) << "a refused release wrote to the ledger";
      EXPECT_FALSE(verdict->message.empty());
      return ReleaseFailureName(*verdict->failure);
    }
    return "released";
  }
};

TEST_F(ReleaseTest, AProvenReleaseLetsAnotherProjectActivate) {
  Issue(kActivatedSerial, "ORD-1");
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow - 10))), "valid");
  ExpectRefused(Payload("install-0002", kActivateNow), "bound-elsewhere");

  const ActivationRelease release = Release("install-0001", kActivateNow + 30);
  EXPECT_EQ(Released(release, kActivateNow + 40), "released");
  const LedgerEvent event = Events().back();
  EXPECT_EQ(event.action, "activation-release");
  auto detail = ParseStrictJson(event.detail_json, "detail");
  ASSERT_OK(detail);
  EXPECT_EQ((*detail)["project"], release.payload.project);
  EXPECT_EQ((*detail)["nonce"], release.payload.nonce);
  EXPECT_EQ((*detail)["released_at"], FormatInstant(kActivateNow + 30));
  EXPECT_EQ((*detail)["status"], "active");
  EXPECT_FALSE(Binding().has_value());

  EXPECT_EQ(VerdictName(Judge(Payload("install-0002", kActivateNow))), "valid");
  // The same release again: its nonce is spent.
  EXPECT_EQ(Released(release, kActivateNow + 50), "replayed");
  ExpectChainClean();
}

TEST_F(ReleaseTest, RefusalsChangeNothing) {
  Issue(kActivatedSerial, "ORD-1");
  EXPECT_EQ(Released(Release("install-0001", kActivateNow)), "not-bound");  // never bound
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow - 10))), "valid");

  ActivationRelease forged = Release("install-0001", kActivateNow);
  forged.tag[0] = forged.tag[0] == '0' ? '1' : '0';
  EXPECT_EQ(Released(forged), "bad-tag");
  // A tag for another payload (the activation code's secret, another nonce) is no proof.
  ActivationRelease moved = Release("install-0001", kActivateNow);
  moved.payload.nonce = "ffffffffffffffff";
  EXPECT_EQ(Released(moved), "bad-tag");
  EXPECT_EQ(Released(Release("install-0002", kActivateNow)), "not-bound");  // another project
  EXPECT_EQ(Released(Release("install-0001", kActivateNow - 11)), "dated-before-binding");
  EXPECT_EQ(Released(Release("install-0001", kActivateNow + 61)), "from-future");
  EXPECT_EQ(Released(Release("install-0001", kActivateNow), kActivateNow + 7 * 86400 + 1), "stale");
  ActivationRelease other_key = Release("install-0001", kActivateNow);
  other_key.payload.key_id = "0123456789abcdef";
  EXPECT_EQ(Released(other_key), "key-mismatch");
  ActivationRelease unknown = Release("install-0001", kActivateNow);
  unknown.payload.serial = "FRL-5EC0DE00000000FF";
  EXPECT_EQ(Released(unknown), "unknown-serial");
  auto malformed =
      ReleaseActivation(*ledger_, "v=1&s=FRL-5EC0DE00000000A1", "x", secrets_, kActivateNow);
  ASSERT_OK(malformed);
  EXPECT_EQ(malformed->failure, ReleaseFailure::kMalformed);
  // The edges: dated at the activation's QR time, seven days after the release.
  EXPECT_EQ(Released(Release("install-0001", kActivateNow - 10), kActivateNow + 7 * 86400 - 10),
            "released");
  ExpectChainClean();
}

TEST_F(ReleaseTest, AnOldReleaseCannotEndALaterBinding) {
  Issue(kActivatedSerial, "ORD-1");
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow - 10))), "valid");
  const ActivationRelease first = Release("install-0001", kActivateNow);
  ASSERT_EQ(Released(first), "released");
  // Re-activated later (the ledger's clock moves on): the first release is spent.
  clock_ = FixedClock(kActivateNow + 3600);
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow + 3590), kActivateNow + 3600)),
            "valid");
  // Its nonce is spent (and it is dated before the re-activation too).
  EXPECT_EQ(Released(first, kActivateNow + 3700), "replayed");
  EXPECT_EQ(Binding()->project, ProjectFingerprint("install-0001"));
}

// Review finding 1: a release made before a re-activation of the same project must not end
// it, even within the clock skew, or two projects run on one licence.
TEST_F(ReleaseTest, AReleaseMadeBeforeAReactivationCannotEndIt) {
  Issue(kActivatedSerial, "ORD-1");
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow - 100))), "valid");
  const ActivationRelease kept = Release("install-0001", kActivateNow - 50);  // made, not sent
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow - 40))), "valid");
  EXPECT_EQ(Released(kept), "dated-before-binding");
  ExpectRefused(Payload("install-0002", kActivateNow), "bound-elsewhere");
  EXPECT_EQ(Binding()->project, ProjectFingerprint("install-0001"));
  EXPECT_EQ(Binding()->last_shown_at, kActivateNow - 40);
  ExpectChainClean();
}

// Review finding 1: a release's nonce is spent once accepted, even when the project activates
// again in the same second the release is dated.
TEST_F(ReleaseTest, AnAcceptedReleaseCannotBeReplayed) {
  Issue(kActivatedSerial, "ORD-1");
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow - 100))), "valid");
  const ActivationRelease release = Release("install-0001", kActivateNow - 30);
  ASSERT_EQ(Released(release), "released");
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow - 30))), "valid");
  EXPECT_EQ(Released(release), "replayed");
  EXPECT_EQ(Binding()->project, ProjectFingerprint("install-0001"));
  ExpectChainClean();
}

// Review finding 11: the secret is unlocked before the ledger's write transaction begins.
TEST_F(ActivateTest, TheSecretIsUnlockedOutsideTheTransaction) {
  Issue(kActivatedSerial, "ORD-1");
  bool inside_transaction = false;
  ActivationSecrets probing = [&](const std::string& key_id) -> Result<const SecretBytes*> {
    // SQLite refuses to begin a transaction within one, at once.
    Status nested = ledger_->Transaction([](LedgerTxn&) -> Status { return Ok(); });
    inside_transaction = !nested.ok();
    return secrets_(key_id);
  };
  auto activated = Activate(*ledger_, ActivationQuery(Payload("install-0001", kActivateNow)),
                            "the request", probing, kActivateNow);
  ASSERT_OK(activated);
  EXPECT_TRUE(activated->valid()) << activated->message;
  EXPECT_FALSE(inside_transaction);
}

TEST(ActivationRelease, ParsesOnlyTheSixParametersAndATag) {
  const SecretBytes secret = testing::CountingSecret();
  ActivationRelease release;
  release.payload = {kActivatedSerial, kExampleKeyId, ProjectFingerprint("p"), "0011223344556677",
                     kActivateNow};
  release.tag = ActivationReleaseTag(secret, release.payload);
  EXPECT_EQ(release.tag.size(), 32u);
  EXPECT_NE(release.tag.substr(0, 6), ActivationCode(secret, release.payload));
  auto parsed = ParseActivationRelease(ActivationReleaseUrl(kDefaultReleaseUrl, release), "qr");
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->tag, release.tag);
  EXPECT_TRUE(ActivationReleaseTagMatches(secret, *parsed));
  const std::string query = ActivationReleaseQuery(release);
  for (const std::string& bad :
       {ActivationQuery(release.payload), query + "0", query.substr(0, query.size() - 1),
        query + "&x=1", ActivationQuery(release.payload) + "&r=" + std::string(32, 'A')}) {
    auto refused = ParseActivationRelease(bad, "qr");
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code(), ErrorCode::kMalformed) << bad;
  }
}

TEST_F(ActivateTest, UnknownSerial) {
  Issue(kActivatedSerial, "ORD-1");
  const ActivationVerdict verdict = ExpectRefused(
      Payload("install-0001", kActivateNow, "FRL-5EC0DE00000000FF"), "unknown-serial");
  EXPECT_TRUE(Contains(verdict.message, "FRL-5EC0DE00000000FF")) << verdict.message;
  ExpectChainClean();
}

TEST_F(ActivateTest, OnlyContainerLicencesAreActivatable) {
  Issue("FRL-5EC0DE00000000B1", "ORD-PC", Method::kPrivateCloud);
  const ActivationVerdict verdict = ExpectRefused(
      Payload("install-0001", kActivateNow, "FRL-5EC0DE00000000B1"), "not-activatable");
  EXPECT_TRUE(Contains(verdict.message, "private-cloud")) << verdict.message;
  Issue("FRL-5EC0DE00000000B2", "ORD-PUB", Method::kPublicCloud);
  ExpectRefused(Payload("install-0001", kActivateNow, "FRL-5EC0DE00000000B2"), "not-activatable");
  // A container-private-cloud licence is activated like a local container.
  Issue("FRL-5EC0DE00000000B3", "ORD-CPC", Method::kContainerPrivateCloud);
  EXPECT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow, "FRL-5EC0DE00000000B3"))),
            "valid");
  ExpectChainClean();
}

TEST_F(ActivateTest, RevokedLicenceIsNotActive) {
  Issue(kActivatedSerial, "ORD-1");
  ASSERT_OK(
      ledger_->SetStatus(kActivatedSerial, LicenceStatus::kRevoked, "revoke", R"({"reason":"t"})"));
  const ActivationVerdict verdict =
      ExpectRefused(Payload("install-0001", kActivateNow), "licence-not-active");
  EXPECT_TRUE(Contains(verdict.message, "revoked")) << verdict.message;
  ExpectChainClean();
}

TEST_F(ActivateTest, ExpiredLicence) {
  // The last valid day is 2026-11-23 (the day of kActivateNow): valid until its end.
  Issue(kActivatedSerial, "ORD-1", Method::kLocalContainer, "2026-11-23");
  const UnixSeconds end_of_day = StartOfDay(*ParseDate("2026-11-24"));
  EXPECT_EQ(VerdictName(Judge(Payload("install-0001", end_of_day - 10), end_of_day - 1)), "valid");
  const ActivationVerdict verdict =
      ExpectRefused(Payload("install-0001", end_of_day - 10), "expired", end_of_day);
  EXPECT_TRUE(Contains(verdict.message, "2026-11-23")) << verdict.message;
  ExpectChainClean();
}

TEST_F(ActivateTest, StaleAndFutureQrCodes) {
  Issue(kActivatedSerial, "ORD-1");
  ExpectRefused(Payload("install-0001", kActivateNow - 301), "stale");
  ExpectRefused(Payload("install-0001", kActivateNow - 100000), "stale");
  ExpectRefused(Payload("install-0001", kActivateNow + 61), "from-future");
  ExpectRefused(Payload("install-0001", kActivateNow + 86400), "from-future");
  // The largest time the grammar admits is refused (from-future today; malformed once
  // ParseActivation bounds t) and writes nothing.
  const std::size_t before = EventCount();
  const ActivationVerdict far =
      Judge(Payload("install-0001", std::numeric_limits<UnixSeconds>::max()));
  EXPECT_TRUE(VerdictName(far) == "from-future" || VerdictName(far) == "malformed")
      << VerdictName(far) << ": " << far.message;
  EXPECT_EQ(EventCount(), before);
  // The boundaries themselves pass.
  EXPECT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow - 300))), "valid");
  EXPECT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow + 60))), "valid");
  ExpectChainClean();
}

TEST_F(ActivateTest, KeyMismatch) {
  Issue(kActivatedSerial, "ORD-1");
  ActivationPayload payload = Payload("install-0001", kActivateNow);
  payload.key_id = "0123456789abcdef";
  const ActivationVerdict verdict = ExpectRefused(payload, "key-mismatch");
  EXPECT_TRUE(Contains(verdict.message, kExampleKeyId)) << verdict.message;
  ExpectChainClean();
}

TEST_F(ActivateTest, NoSecretForTheRecordsKeyIsAnErrorAndWritesNothing) {
  Issue(kActivatedSerial, "ORD-1", Method::kLocalContainer, "2027-10-31", "0123456789abcdef");
  ActivationPayload payload = Payload("install-0001", kActivateNow);
  payload.key_id = "0123456789abcdef";
  const std::size_t before = EventCount();
  auto verdict =
      Activate(*ledger_, ActivationQuery(payload), "the request", secrets_, kActivateNow);
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.error().code(), ErrorCode::kUnknownKey);
  EXPECT_EQ(EventCount(), before);
  EXPECT_FALSE(Binding().has_value());
  ExpectChainClean();
}

TEST_F(ActivateTest, MalformedPayload) {
  Issue(kActivatedSerial, "ORD-1");
  const std::vector<std::string> texts = {
      "", "https://activate.fanruan.com/a", "v=2&s=FRL-1", "hello world",
      ActivationQuery(Payload("install-0001", kActivateNow)) + "&x=1"};
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
  Issue(kActivatedSerial, "ORD-1");
  const std::size_t before = EventCount();
  auto unbound = CancelActivation(*ledger_, kActivatedSerial, "cleanup");
  ASSERT_FALSE(unbound.ok());
  EXPECT_EQ(unbound.error().code(), ErrorCode::kConflict) << ErrorText(unbound.error());
  auto unknown = CancelActivation(*ledger_, "FRL-5EC0DE00000000FF", "cleanup");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound) << ErrorText(unknown.error());
  for (const std::string reason : {"", "   ", "\t\n"}) {
    auto no_reason = CancelActivation(*ledger_, kActivatedSerial, reason);
    ASSERT_FALSE(no_reason.ok());
    EXPECT_EQ(no_reason.error().code(), ErrorCode::kInvalidInput) << ErrorText(no_reason.error());
  }
  EXPECT_EQ(EventCount(), before);

  // Cancelling twice: the second finds no binding.
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow))), "valid");
  ASSERT_OK(CancelActivation(*ledger_, kActivatedSerial, "moved"));
  auto twice = CancelActivation(*ledger_, kActivatedSerial, "moved again");
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
  Issue(kActivatedSerial, "ORD-1");
  Issue("FRL-5EC0DE00000000B1", "ORD-PC", Method::kPrivateCloud);
  Issue("FRL-5EC0DE00000000C1", "ORD-REV");
  ASSERT_OK(ledger_->SetStatus("FRL-5EC0DE00000000C1", LicenceStatus::kRevoked, "revoke",
                               R"({"reason":"refund"})"));
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow))), "valid");
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow + 1), kActivateNow + 2)),
            "valid");
  ExpectRefused(Payload("install-0002", kActivateNow), "bound-elsewhere");
  ExpectRefused(Payload("install-0001", kActivateNow, "FRL-5EC0DE00000000B1"), "not-activatable");
  ExpectRefused(Payload("install-0001", kActivateNow, "FRL-5EC0DE00000000C1"),
                "licence-not-active");
  ASSERT_OK(CancelActivation(*ledger_, kActivatedSerial, "moved"));
  ASSERT_EQ(VerdictName(Judge(Payload("install-0002", kActivateNow))), "valid");
  ASSERT_OK(CancelActivation(*ledger_, kActivatedSerial, "moved back"));
  ASSERT_EQ(VerdictName(Judge(Payload("install-0001", kActivateNow))), "valid");
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
  ASSERT_OK(reopened);
  ledger_ = std::move(reopened).value();
  EXPECT_EQ(Binding()->project, ProjectFingerprint("install-0001"));
  ExpectChainClean();
}

}  // namespace
}  // namespace frlic
