// The issuer's rules on a private-cloud host (frlic/issue/machine_rules.h: one server per
// host, a machine key serves one licence) and the ledger's filters (frlic/issue/
// find_licences.h), against a real SQLite ledger.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "frlic/core/bytes.h"
#include "frlic/core/time.h"
#include "frlic/issue/find_licences.h"
#include "frlic/issue/machine_rules.h"
#include "frlic/keys/x25519.h"
#include "frlic/licence/server_licence.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::HasError;

constexpr UnixSeconds kRulesNow = 1795392000;  // 2026-11-23T00:00:00Z

// A RIF's machine information: `host` picks the hardware (so the fingerprint), `key_seed` the
// machine key (a regenerated RIF of the same host has the same host and another key_seed).
MachineInfo RulesMachine(int host, std::uint8_t key_seed, UnixSeconds created_at = kRulesNow) {
  SeededRandom random = testing::TestRandom(key_seed);
  auto key = X25519PrivateKey::Generate(random);
  HardwareFacts hardware{"4f2a9c1e7b3d4e5f8a6b0c1d2e3f4a5" + std::to_string(host),
                         {"52:54:00:12:34:5" + std::to_string(host)}};
  auto info = MachineInfo::Create(Platform::kLinuxAmd64, "host", "Debian GNU/Linux 12",
                                  std::move(hardware), key.public_key(), "test", created_at);
  EXPECT_OK(info);
  return std::move(info).value();
}

class IssuerRulesTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    auto opened = Ledger::CreateSqlite(Path("ledger.sqlite"), clock_);
    ASSERT_OK(opened);
    ledger_ = std::move(opened).value();
  }

  // Records a private-cloud licence bound to `machine` and leaves it in `status`.
  void Record(const std::string& serial, const MachineInfo& machine, LicenceStatus status,
              const std::string& terms_json = R"({"company":"Example"})") {
    LedgerRecord record;
    record.serial = serial;
    record.order_id = "ORD-" + serial;
    record.method = "private-cloud";
    record.terms_json = terms_json;
    record.artifact_path = Path(serial);
    record.artifact_sha256 = std::string(64, 'a');
    record.machine_fingerprint = machine.fingerprint();
    record.key_id = "k1";
    record.issued_at = kRulesNow;
    record.extra_json =
        Json{{kMachinePublicKeyMember, HexEncode(ByteView(machine.machine_public_key().bytes()))}}
            .dump();
    ASSERT_OK(ledger_->BeginIssue(record));
    if (status == LicenceStatus::kPending) return;
    if (status == LicenceStatus::kAborted) {
      ASSERT_OK(ledger_->AbortIssue(serial, "test"));
      return;
    }
    ASSERT_OK(ledger_->CompleteIssue(serial));
    if (status != LicenceStatus::kActive) {
      ASSERT_OK(ledger_->SetStatus(serial, status, "test-status", "{}"));
    }
  }

  FixedClock clock_{kRulesNow};
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(IssuerRulesTest, AFreeHostAndAFreshKeyPass) {
  Record("FRL-1", RulesMachine(1, 1), LicenceStatus::kActive);
  EXPECT_OK(CheckMachineIsFree(*ledger_, RulesMachine(2, 2), "MachineInfo.rif"));
}

TEST_F(IssuerRulesTest, OneLicenceServerPerHost) {
  Record("FRL-1", RulesMachine(1, 1), LicenceStatus::kActive);
  // A regenerated RIF of the same host: another key, the same fingerprint.
  Status refused = CheckMachineIsFree(*ledger_, RulesMachine(1, 2), "new.rif");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
  EXPECT_NE(refused.error().message().find("already runs licence FRL-1 (order ORD-FRL-1, active"),
            std::string::npos)
      << refused.error().message();
  EXPECT_NE(refused.error().message().find("not allowed to run two private cloud"),
            std::string::npos);
  EXPECT_NE(refused.error().hint().find("frlic revoke FRL-1"), std::string::npos);
  EXPECT_NE(refused.error().hint().find("frlic reissue"), std::string::npos);
  // The reissue that replaces FRL-1 may use that host.
  EXPECT_OK(CheckMachineIsFree(*ledger_, RulesMachine(1, 2), "new.rif", "FRL-1"));
}

TEST_F(IssuerRulesTest, APendingLicenceHoldsItsHostToo) {
  Record("FRL-1", RulesMachine(1, 1), LicenceStatus::kPending);
  Status refused = CheckMachineIsFree(*ledger_, RulesMachine(1, 2), "new.rif");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
}

TEST_F(IssuerRulesTest, AUsedMachineKeyIsRefusedWhateverTheStatus) {
  for (LicenceStatus status :
       {LicenceStatus::kDestroyed, LicenceStatus::kRevoked, LicenceStatus::kActive}) {
    SCOPED_TRACE(LicenceStatusName(status));
    const std::string serial = std::string("FRL-") + LicenceStatusName(status);
    const int n = static_cast<int>(status);
    const MachineInfo used = RulesMachine(n + 1, static_cast<std::uint8_t>(10 + n));
    Record(serial, used, status);
    // Replacing that very licence (a reissue with the old RIF) is still refused: the key.
    Status refused = CheckMachineIsFree(*ledger_, used, "old.rif", serial);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code(), ErrorCode::kRefused);
    EXPECT_NE(refused.error().message().find("already used for licence " + serial),
              std::string::npos)
        << refused.error().message();
    EXPECT_NE(refused.error().hint().find("you must regenerate the MachineInfo.rif file"),
              std::string::npos);
  }
}

TEST_F(IssuerRulesTest, AnAbortedAttemptUsesNothing) {
  const MachineInfo machine = RulesMachine(1, 1);
  Record("FRL-1", machine, LicenceStatus::kAborted);
  EXPECT_OK(CheckMachineIsFree(*ledger_, machine, "MachineInfo.rif"));
}

// Records written before the machine key was kept cannot be matched by key.
// Records written before the machine key was kept: a RIF of that host created at or before
// the record was issued may be the one it was issued for; only a later (regenerated) one passes.
TEST_F(IssuerRulesTest, RecordsWithoutAMachineKeyRefuseARifFromBeforeTheirIssue) {
  const MachineInfo machine = RulesMachine(1, 1, kRulesNow - 10);
  LedgerRecord record;
  record.serial = "FRL-OLD";
  record.order_id = "ORD-OLD";
  record.method = "private-cloud";
  record.terms_json = "{}";
  record.artifact_path = Path("old");
  record.artifact_sha256 = std::string(64, 'a');
  record.machine_fingerprint = machine.fingerprint();
  record.key_id = "k1";
  record.issued_at = kRulesNow;
  record.extra_json = R"({"nonce":"AAECAwQFBgcICQoLDA0ODw=="})";
  ASSERT_OK(ledger_->BeginIssue(record));
  ASSERT_OK(ledger_->CompleteIssue("FRL-OLD"));
  ASSERT_OK(ledger_->SetStatus("FRL-OLD", LicenceStatus::kRevoked, "revoke", "{}"));
  auto refused = CheckMachineIsFree(*ledger_, machine, "MachineInfo.rif");
  ASSERT_THAT(refused, HasError(ErrorCode::kRefused));
  EXPECT_NE(refused.error().message().find("FRL-OLD"), std::string::npos);
  EXPECT_THAT(CheckMachineIsFree(*ledger_, RulesMachine(1, 1, kRulesNow), "MachineInfo.rif"),
              HasError(ErrorCode::kRefused))
      << "created in the second of the issue: may be the same RIF";
  EXPECT_OK(CheckMachineIsFree(*ledger_, RulesMachine(1, 2, kRulesNow + 1), "MachineInfo.rif"));
  EXPECT_OK(CheckMachineIsFree(*ledger_, RulesMachine(2, 1, kRulesNow - 10), "MachineInfo.rif"))
      << "another host";
}

TEST_F(IssuerRulesTest, ADamagedExtraJsonIsLedgerCorrupt) {
  Record("FRL-1", RulesMachine(1, 1), LicenceStatus::kRevoked);
  // Damaged outside frlic, as with the sqlite3 shell (the ledger checks the column only when
  // asked to hand the record out as stored).
  ledger_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(Path("ledger.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, R"(UPDATE licences SET extra_json = '{"machine_public_key":5}')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto reopened = Ledger::OpenSqlite(Path("ledger.sqlite"), clock_);
  ASSERT_OK(reopened);
  ledger_ = std::move(reopened).value();
  auto checked = CheckMachineIsFree(*ledger_, RulesMachine(2, 2), "MachineInfo.rif");
  ASSERT_THAT(checked, HasError(ErrorCode::kLedgerCorrupt));
}

TEST(IssuerRulesFind, SubstringsIgnoreAsciiCaseOnly) {
  EXPECT_TRUE(ContainsIgnoringAsciiCase("Example Trading Co., Ltd.", "TRADING co"));
  EXPECT_TRUE(ContainsIgnoringAsciiCase("北京示例科技有限公司", "示例"));
  EXPECT_TRUE(ContainsIgnoringAsciiCase("anything", ""));
  EXPECT_FALSE(ContainsIgnoringAsciiCase("Example", "examples"));
  EXPECT_FALSE(ContainsIgnoringAsciiCase("ÄBC", "äbc")) << "only ASCII letters fold";
}

TEST_F(IssuerRulesTest, FiltersCombineAndReadTheTerms) {
  Record("FRL-1", RulesMachine(1, 1), LicenceStatus::kActive,
         R"({"company":"Example Trading","project":"Reporting","expires":"2027-10-14",)"
         R"("ip_ranges":["192.168.100.25 - 192.168.100.26"],"method":"private-cloud",)"
         R"("contract_date":"2026-10-15","product":{"name":"FineBI","version":"6.0"},)"
         R"("capacity":1,"features":[]})");
  Record("FRL-2", RulesMachine(2, 2), LicenceStatus::kRevoked,
         R"({"company":"Other Co","project":"Cockpit","expires":"2027-03-31",)"
         R"("ip_ranges":["10.0.0.1"],"method":"private-cloud",)"
         R"("contract_date":"2026-10-15","product":{"name":"FineBI","version":"6.0"},)"
         R"("capacity":1,"features":[]})");
  auto serials = [&](const LicenceFilter& filter) {
    auto found = FindLicences(*ledger_, filter);
    EXPECT_OK(found);
    std::string out;
    for (const auto& f : *found) out += (out.empty() ? "" : " ") + f.record.serial;
    return out;
  };
  EXPECT_EQ(serials({}), "FRL-1 FRL-2");
  LicenceFilter company;
  company.company = "example";
  EXPECT_EQ(serials(company), "FRL-1");
  LicenceFilter ip;
  ip.ip = *ParseIpv4("192.168.100.26");
  EXPECT_EQ(serials(ip), "FRL-1");
  ip.ip = *ParseIpv4("192.168.100.27");
  EXPECT_EQ(serials(ip), "");
  LicenceFilter window;
  window.expires_before = CivilDate{2027, 10, 14};
  EXPECT_EQ(serials(window), "FRL-2");
  window.expires_after = CivilDate{2027, 3, 31};
  EXPECT_EQ(serials(window), "") << "both ends exclusive";
  LicenceFilter status;
  status.status = LicenceStatus::kRevoked;
  status.project = "COCK";
  EXPECT_EQ(serials(status), "FRL-2");
  LicenceFilter machine;
  machine.machine_fingerprint = RulesMachine(1, 1).fingerprint();
  for (char& c : machine.machine_fingerprint) c = static_cast<char>(std::toupper(c));
  EXPECT_EQ(serials(machine), "FRL-1");

  auto order = FindOrderLicences(*ledger_, "ORD-FRL-2");
  ASSERT_OK(order);
  EXPECT_EQ(order->current.serial, "FRL-2");
  EXPECT_EQ(order->records.size(), 1u);
  auto none = FindOrderLicences(*ledger_, "ORD-NONE");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace frlic
