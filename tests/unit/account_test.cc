// Public cloud accounts: name and password generation, the Argon2id PHC string (checked by
// libsodium's own verifier and a reference vector), the accounts table with its events and
// the v1 -> v2 schema upgrade, and issuing a public-cloud order.
#include "frlic/account/account.h"
#include "frlic/account/account_judgement.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "frlic/core/bytes.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/issue/artifact_check.h"
#include "frlic/issue/issue.h"
#include "frlic/issue/public_cloud.h"
#include "frlic/issue/revoke.h"
#include "frlic/ledger/ledger.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

using testing::Slurp;

namespace fs = std::filesystem;

constexpr UnixSeconds kAccountsNow = 1795392000 + 3661;  // 2026-11-23T01:01:01Z

std::string Text(const SecretBytes& secret) { return std::string(AsText(secret.reveal())); }

SecretBytes Secret(std::string_view text) { return SecretBytes::CopyFrom(text); }

// ---------------------------------------------------------------------------------------------
// Names and passwords.

TEST(AccountName, OrderRule) {
  const std::vector<std::string> good = {"abc", "example-trading", "a.b_c-d", "0ab",
                                         std::string(32, 'a')};
  for (const std::string& name : good) EXPECT_TRUE(IsValidAccountName(name)) << name;
  const std::vector<std::string> bad = {
      "", "ab", "-abc", ".abc", "_abc", "Abc", "ab c", "abç", std::string(33, 'a'), "ab/c"};
  for (const std::string& name : bad) EXPECT_FALSE(IsValidAccountName(name)) << name;
}

TEST(AccountName, GeneratedNamesFollowTheRuleAndDiffer) {
  SeededRandom random = testing::TestRandom(1);
  const std::regex shape("fr-[a-z2-7]{10}");
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string name = GenerateAccountName(random);
    EXPECT_TRUE(std::regex_match(name, shape)) << name;
    EXPECT_TRUE(IsValidAccountName(name)) << name;
    seen.insert(name);
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(AccountName, SameRandomStreamSameName) {
  SeededRandom a = testing::TestRandom(3);
  SeededRandom b = testing::TestRandom(3);
  SeededRandom c = testing::TestRandom(4);
  const std::string first = GenerateAccountName(a);
  EXPECT_EQ(first, GenerateAccountName(b));
  EXPECT_NE(first, GenerateAccountName(c));
}

TEST(AccountPassword, AlphabetHasNoLookAlikesAndEnoughEntropy) {
  EXPECT_EQ(kPasswordAlphabet.size(), 57u);
  for (char c : std::string_view("0O1lI")) {
    EXPECT_EQ(kPasswordAlphabet.find(c), std::string_view::npos) << c;
  }
  EXPECT_EQ(std::set<char>(kPasswordAlphabet.begin(), kPasswordAlphabet.end()).size(), 57u);
  EXPECT_GT(kPasswordLength * std::log2(static_cast<double>(kPasswordAlphabet.size())), 110.0);
}

TEST(AccountPassword, GeneratedPasswordsHaveEveryClass) {
  SeededRandom random = testing::TestRandom(5);
  std::set<std::string> seen;
  for (int i = 0; i < 500; ++i) {
    auto password = GeneratePassword(random);
    ASSERT_OK(password);
    const std::string text = Text(*password);
    ASSERT_EQ(text.size(), kPasswordLength);
    bool lower = false, upper = false, digit = false;
    for (char c : text) {
      EXPECT_NE(kPasswordAlphabet.find(c), std::string_view::npos) << text;
      lower = lower || (c >= 'a' && c <= 'z');
      upper = upper || (c >= 'A' && c <= 'Z');
      digit = digit || (c >= '0' && c <= '9');
    }
    EXPECT_TRUE(lower && upper && digit) << text;
    seen.insert(text);
  }
  EXPECT_EQ(seen.size(), 500u);
}

TEST(AccountPassword, SameRandomStreamSamePassword) {
  SeededRandom a = testing::TestRandom(9);
  SeededRandom b = testing::TestRandom(9);
  auto first = GeneratePassword(a);
  auto second = GeneratePassword(b);
  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_TRUE(first->Equals(*second));
}

// A random source stuck on one byte can never give every class: an error, not a hang.
class StuckRandom final : public Random {
 public:
  void Fill(std::span<std::uint8_t> out) override { std::fill(out.begin(), out.end(), 0); }
};

TEST(AccountPassword, StuckRandomIsAnError) {
  StuckRandom stuck;
  auto password = GeneratePassword(stuck);
  ASSERT_FALSE(password.ok());
  EXPECT_EQ(password.error().code(), ErrorCode::kInternal);
}

// ---------------------------------------------------------------------------------------------
// The PHC string.

// A vector from another implementation: the Argon2 reference implementation (libargon2,
// argon2id_hash_encoded, Debian 0~20171227) with t=2, m=2^16 KiB, p=1, a 32-byte hash,
// password "password" and the 16-byte salt "somesaltsomesalt". (The same library gives the
// reference test vector for salt "somesalt", hash 09316115...913cf7; libsodium takes only
// 16-byte salts.)
TEST(PasswordHash, MatchesTheReferenceImplementation) {
  auto phc = HashPasswordWithSalt(Secret("password"), AsBytes("somesaltsomesalt"),
                                  {2, std::size_t{1} << 26});
  ASSERT_OK(phc);
  EXPECT_EQ(*phc,
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
            "/DO3gTkjHTS3Fia9YkXB1y76GQrWBcPYFmpyrc7fosI");
}

TEST(PasswordHash, StandardPhcStringThatLibsodiumVerifies) {
  SeededRandom random = testing::TestRandom(11);
  auto password = GeneratePassword(random);
  ASSERT_OK(password);
  auto phc = HashPassword(*password, random);
  ASSERT_OK(phc);
  EXPECT_TRUE(std::regex_match(
      *phc,
      std::regex(R"(\$argon2id\$v=19\$m=65536,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43})")))
      << *phc;
  EXPECT_EQ(crypto_pwhash_OPSLIMIT_INTERACTIVE, 2u);
  EXPECT_EQ(crypto_pwhash_MEMLIMIT_INTERACTIVE, 64u << 20);
  // libsodium's own parser and verifier accept it, and find the cost it was asked for.
  const std::string text = Text(*password);
  EXPECT_EQ(crypto_pwhash_str_verify(phc->c_str(), text.data(), text.size()), 0);
  EXPECT_EQ(crypto_pwhash_str_needs_rehash(phc->c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                           crypto_pwhash_MEMLIMIT_INTERACTIVE),
            0);
  EXPECT_TRUE(VerifyPassword(*phc, *password));
}

TEST(PasswordHash, WrongPasswordFails) {
  SeededRandom random = testing::TestRandom(12);
  auto phc = HashPasswordWithSalt(Secret("correct horse"), AsBytes("0123456789abcdef"),
                                  {testing::kTestOpslimit, testing::kTestMemlimit});
  ASSERT_OK(phc);
  EXPECT_TRUE(VerifyPassword(*phc, Secret("correct horse")));
  EXPECT_FALSE(VerifyPassword(*phc, Secret("correct horsE")));
  EXPECT_FALSE(VerifyPassword(*phc, Secret("correct horse ")));
  EXPECT_FALSE(VerifyPassword(*phc, Secret("")));
}

TEST(PasswordHash, SaltComesFromTheInjectedRandom) {
  SeededRandom a = testing::TestRandom(13);
  SeededRandom b = testing::TestRandom(13);
  SeededRandom c = testing::TestRandom(14);
  const SecretBytes password = Secret("Abcdefgh23456789wxyz");
  auto first = HashPassword(password, a);
  auto second = HashPassword(password, b);
  auto third = HashPassword(password, c);
  ASSERT_OK(first);
  ASSERT_OK(second);
  ASSERT_OK(third);
  EXPECT_EQ(*first, *second);  // reproducible issues
  EXPECT_NE(*first, *third);
  EXPECT_TRUE(VerifyPassword(*third, password));
}

TEST(PasswordHash, LibsodiumStringsVerifyToo) {
  if (sodium_init() < 0) FAIL();
  char out[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(out, "s3cret", 6, testing::kTestOpslimit, testing::kTestMemlimit,
                                  crypto_pwhash_ALG_ARGON2ID13),
            0);
  EXPECT_TRUE(VerifyPassword(out, Secret("s3cret")));
  EXPECT_FALSE(VerifyPassword(out, Secret("s3cre")));
}

TEST(PasswordHash, OnlyArgon2idStrings) {
  if (sodium_init() < 0) FAIL();
  char argon2i[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(argon2i, "s3cret", 6, 3, testing::kTestMemlimit,
                                  crypto_pwhash_ALG_ARGON2I13),
            0);
  EXPECT_FALSE(VerifyPassword(argon2i, Secret("s3cret")));
  auto phc = HashPasswordWithSalt(Secret("s3cret"), AsBytes("0123456789abcdef"),
                                  {testing::kTestOpslimit, testing::kTestMemlimit});
  ASSERT_OK(phc);
  EXPECT_FALSE(VerifyPassword(*phc + std::string(1, '\0') + "x", Secret("s3cret")));
  EXPECT_FALSE(VerifyPassword(phc->substr(0, phc->size() - 1), Secret("s3cret")));
  EXPECT_FALSE(VerifyPassword("", Secret("s3cret")));
  EXPECT_FALSE(VerifyPassword("s3cret", Secret("s3cret")));
}

TEST(PasswordHash, BadInputsAreRefused) {
  const PasswordHashCost cheap{testing::kTestOpslimit, testing::kTestMemlimit};
  EXPECT_FALSE(HashPasswordWithSalt(Secret(""), AsBytes("0123456789abcdef"), cheap).ok());
  EXPECT_FALSE(HashPasswordWithSalt(Secret("x"), AsBytes("short"), cheap).ok());
  EXPECT_FALSE(HashPasswordWithSalt(Secret("x"), AsBytes("0123456789abcdef"),
                                    {testing::kTestOpslimit, testing::kTestMemlimit + 1})
                   .ok());
}

TEST(AccountJson, CanonicalWithoutPassword) {
  Account account;
  account.name = "example-trading";
  account.serial = "FRL-0000000000000001";
  account.order_id = "ORD-1";
  account.company = "Example Trading Co., Ltd.";
  account.capacity = 5;
  account.expires = *ParseDate("2027-11-19");
  account.created_at = kAccountsNow;
  account.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$xxxx";
  EXPECT_EQ(
      AccountToJson(account).dump(),
      R"({"capacity":5,"company":"Example Trading Co., Ltd.","created_at":"2026-11-23T01:01:01Z",)"
      R"("expires":"2027-11-19","name":"example-trading","order_id":"ORD-1",)"
      R"("serial":"FRL-0000000000000001","status":"active"})");
}

// ---------------------------------------------------------------------------------------------
// The ledger's accounts.

class AccountLedgerTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    path_ = Path("ledger.sqlite");
    ledger_ = Open();
    ASSERT_NE(ledger_, nullptr);
  }

  std::unique_ptr<Ledger> Open() {
    auto opened = Ledger::CreateSqlite(path_, clock_);
    EXPECT_OK(opened);
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  static LedgerRecord Record(const std::string& serial, const std::string& order_id,
                             const std::string& method = "public-cloud") {
    LedgerRecord record;
    record.serial = serial;
    record.order_id = order_id;
    record.method = method;
    record.terms_json = R"({"capacity":5,"company":"Example Trading Co., Ltd."})";
    record.artifact_sha256 = Sha256Hex(AsBytes(serial));
    record.issued_at = kAccountsNow;
    return record;
  }

  Account MakeAccount(const std::string& name, const std::string& serial) {
    Account account;
    account.name = name;
    account.serial = serial;
    account.capacity = 5;
    account.expires = *ParseDate("2027-11-19");
    account.created_at = kAccountsNow;
    auto phc = HashPasswordWithSalt(Secret("pw-" + name), AsBytes("0123456789abcdef"),
                                    {testing::kTestOpslimit, testing::kTestMemlimit});
    EXPECT_OK(phc);
    account.password_hash = phc.ok() ? *phc : "";
    return account;
  }

  // A public-cloud licence and its account, in one transaction as issue does it.
  Status IssueWithAccount(const std::string& serial, const std::string& order_id,
                          const std::string& name) {
    return ledger_->Transaction([&](LedgerTxn& txn) -> Status {
      FRLIC_RETURN_IF_ERROR(txn.BeginIssue(Record(serial, order_id)));
      FRLIC_RETURN_IF_ERROR(txn.CreateAccount(MakeAccount(name, serial)));
      return txn.CompleteIssue(serial);
    });
  }

  void Tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << text;
  }

  std::int64_t UserVersion() {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    const std::int64_t version = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return version;
  }

  std::size_t EventCount() {
    auto events = ledger_->Events("");
    EXPECT_OK(events);
    return events.ok() ? events->size() : 0;
  }

  void ExpectClean() {
    auto report = ledger_->Verify();
    ASSERT_OK(report);
    EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
  }

  void ExpectProblem(const std::string& needle) {
    auto report = ledger_->Verify();
    ASSERT_OK(report);
    bool found = false;
    for (const auto& p : report->problems) found = found || p.find(needle) != std::string::npos;
    EXPECT_TRUE(found) << "no problem mentions '" << needle
                       << "': " << ::testing::PrintToString(report->problems);
  }

  FixedClock clock_{kAccountsNow};
  std::string path_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(AccountLedgerTest, CreateAndFind) {
  ASSERT_OK(IssueWithAccount("FRL-P1", "ORD-1", "example-trading"));
  auto found = ledger_->FindAccount("example-trading");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  const Account& account = **found;
  EXPECT_EQ(account.serial, "FRL-P1");
  EXPECT_EQ(account.order_id, "ORD-1");
  EXPECT_EQ(account.company, "Example Trading Co., Ltd.");
  EXPECT_EQ(account.capacity, 5);
  EXPECT_EQ(FormatDate(account.expires), "2027-11-19");
  EXPECT_EQ(account.status, AccountStatus::kActive);
  EXPECT_EQ(account.created_at, kAccountsNow);
  EXPECT_EQ(account.updated_at, kAccountsNow);
  EXPECT_TRUE(VerifyPassword(account.password_hash, Secret("pw-example-trading")));
  auto record = ledger_->FindBySerial("FRL-P1");
  ASSERT_OK(record);
  ASSERT_TRUE(record->has_value());
  EXPECT_EQ((*record)->status, LicenceStatus::kActive);

  auto missing = ledger_->FindAccount("nobody");
  ASSERT_OK(missing);
  EXPECT_FALSE(missing->has_value());
  auto all = ledger_->ListAccounts();
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 1u);
  ExpectClean();
}

TEST_F(AccountLedgerTest, TakenNameIsAConflictAndChangesNothing) {
  ASSERT_OK(IssueWithAccount("FRL-P1", "ORD-1", "example-trading"));
  const std::size_t events = EventCount();
  Status second = IssueWithAccount("FRL-P2", "ORD-2", "example-trading");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), ErrorCode::kConflict);
  const std::string& message = second.error().message();
  EXPECT_NE(message.find("example-trading"), std::string::npos) << message;
  EXPECT_NE(message.find("FRL-P1"), std::string::npos) << message;
  EXPECT_NE(message.find("ORD-1"), std::string::npos) << message;
  // The whole transaction rolled back: no record FRL-P2, no event.
  auto record = ledger_->FindBySerial("FRL-P2");
  ASSERT_OK(record);
  EXPECT_FALSE(record->has_value());
  EXPECT_EQ(EventCount(), events);
  ExpectClean();
}

TEST_F(AccountLedgerTest, CreateRefusals) {
  ASSERT_OK(IssueWithAccount("FRL-P1", "ORD-1", "first"));
  ASSERT_OK(ledger_->BeginIssue(Record("FRL-P2", "ORD-2")));
  ASSERT_OK(ledger_->CompleteIssue("FRL-P2"));
  auto code_of = [&](const Account& account) {
    Status created = ledger_->CreateAccount(account);
    return created.ok() ? std::optional<ErrorCode>() : created.error().code();
  };
  // One account per licence.
  EXPECT_EQ(code_of(MakeAccount("second", "FRL-P1")), ErrorCode::kConflict);
  EXPECT_EQ(code_of(MakeAccount("second", "FRL-NONE")), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(MakeAccount("Bad Name", "FRL-P2")), ErrorCode::kInvalidInput);
  Account plain = MakeAccount("second", "FRL-P2");
  plain.password_hash = "the password itself";
  EXPECT_EQ(code_of(plain), ErrorCode::kInvalidInput);
  Account empty = MakeAccount("second", "FRL-P2");
  empty.capacity = 0;
  EXPECT_EQ(code_of(empty), ErrorCode::kInvalidInput);
  // A licence issued before may still get its account.
  EXPECT_EQ(code_of(MakeAccount("second", "FRL-P2")), std::nullopt);
  ExpectClean();
}

TEST_F(AccountLedgerTest, StatusIsCompareAndSet) {
  ASSERT_OK(IssueWithAccount("FRL-P1", "ORD-1", "acct"));
  ASSERT_OK(ledger_->SetAccountStatus("acct", AccountStatus::kActive, AccountStatus::kDisabled,
                                      "account-disable", R"({"reason":"unpaid"})"));
  Status again = ledger_->SetAccountStatus("acct", AccountStatus::kActive, AccountStatus::kDisabled,
                                           "account-disable", "{}");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  EXPECT_NE(again.error().message().find("is disabled, not active"), std::string::npos)
      << again.error().message();
  Status unknown = ledger_->SetAccountStatus("nobody", AccountStatus::kActive,
                                             AccountStatus::kDisabled, "account-disable", "{}");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
  for (const char* action : {"revoke", "account-create", "account-", ""}) {
    Status bad = ledger_->SetAccountStatus("acct", AccountStatus::kDisabled, AccountStatus::kActive,
                                           action, "{}");
    ASSERT_FALSE(bad.ok()) << action;
    EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidInput) << action;
  }
  for (const char* detail : {R"({"status":"active"})", R"({"account":"x"})",
                             R"({"account_status":"active"})", "[]", R"({"n":1.5})"}) {
    Status bad = ledger_->SetAccountStatus("acct", AccountStatus::kDisabled, AccountStatus::kActive,
                                           "account-enable", detail);
    ASSERT_FALSE(bad.ok()) << detail;
    EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidInput) << detail;
  }
  // A licence status change may not pose as an account event.
  Status posing = ledger_->SetStatus("FRL-P1", LicenceStatus::kRevoked, "account-disable", R"({})");
  ASSERT_FALSE(posing.ok());
  EXPECT_EQ(posing.error().code(), ErrorCode::kInvalidInput);

  FixedClock later(kAccountsNow + 3600);
  auto other = Ledger::OpenSqlite(path_, later);
  ASSERT_OK(other);
  ASSERT_OK((*other)->SetAccountStatus("acct", AccountStatus::kDisabled, AccountStatus::kActive,
                                       "account-enable", R"({"reason":"paid"})"));
  auto found = ledger_->FindAccount("acct");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->status, AccountStatus::kActive);
  EXPECT_EQ((*found)->created_at, kAccountsNow);
  EXPECT_EQ((*found)->updated_at, kAccountsNow + 3600);
  ExpectClean();
}

TEST_F(AccountLedgerTest, EveryChangeIsAChainedEventWithoutTheHash) {
  ASSERT_OK(IssueWithAccount("FRL-P1", "ORD-1", "acct"));
  ASSERT_OK(ledger_->SetAccountStatus("acct", AccountStatus::kActive, AccountStatus::kDisabled,
                                      "account-disable", R"({"reason":"unpaid"})"));
  ASSERT_OK(ledger_->SetAccountStatus("acct", AccountStatus::kDisabled, AccountStatus::kActive,
                                      "account-enable", R"({"reason":"paid"})"));
  auto events = ledger_->Events("FRL-P1");
  ASSERT_OK(events);
  std::vector<std::string> actions;
  for (const auto& e : *events) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"begin-issue", "account-create", "issue",
                                               "account-disable", "account-enable"}));
  auto account = ledger_->FindAccount("acct");
  ASSERT_OK(account);
  ASSERT_TRUE(account->has_value());
  const std::string& hash = (*account)->password_hash;
  auto create = ParseStrictJson((*events)[1].detail_json, "detail");
  ASSERT_OK(create);
  EXPECT_EQ(*create, (Json{{"account", "acct"},
                           {"account_status", "active"},
                           {"capacity", 5},
                           {"created_at", "2026-11-23T01:01:01Z"},
                           {"expires", "2027-11-19"},
                           {"password_hash_sha256", Sha256Hex(AsBytes(hash))},
                           {"status", "pending"}}));
  auto disable = ParseStrictJson((*events)[3].detail_json, "detail");
  ASSERT_OK(disable);
  EXPECT_EQ(*disable, (Json{{"account", "acct"},
                            {"account_status", "disabled"},
                            {"reason", "unpaid"},
                            {"status", "active"}}));
  for (const auto& e : *events) {
    EXPECT_EQ(e.detail_json.find(hash), std::string::npos) << e.action;
    EXPECT_EQ(e.detail_json.find("argon2"), std::string::npos) << e.action;
  }
  ExpectClean();
}

TEST_F(AccountLedgerTest, VerifySeesEditedAccounts) {
  ASSERT_OK(IssueWithAccount("FRL-P1", "ORD-1", "acct"));
  ASSERT_OK(IssueWithAccount("FRL-P2", "ORD-2", "other"));
  ledger_.reset();
  Tamper("UPDATE accounts SET status = 'disabled' WHERE name = 'acct'");
  Tamper("UPDATE accounts SET capacity = 500 WHERE name = 'other'");
  ledger_ = Open();
  ExpectProblem("account acct: status is disabled, but its last event");
  ExpectProblem("account other: capacity is 500, but its account-create");
  ledger_.reset();
  Tamper("UPDATE accounts SET status = 'active', capacity = 5");
  Tamper(
      "UPDATE accounts SET password_hash = (SELECT password_hash FROM accounts WHERE name = "
      "'other') WHERE name = 'acct'");
  ledger_ = Open();
  ExpectProblem("account acct: password_hash_sha256 is");
  ledger_.reset();
  Tamper("DELETE FROM accounts WHERE name = 'acct'");
  ledger_ = Open();
  ExpectProblem("account acct: has events (from event 2) but no row; the account was removed");
  ledger_.reset();
  Tamper(
      "INSERT INTO licences SELECT 'FRL-P3', 'ORD-3', method, terms_json, artifact_path, "
      "artifact_sha256, instance_public_key, machine_fingerprint, key_id, issued_at, status, "
      "NULL, extra_json, notes, requested_by FROM licences WHERE serial = 'FRL-P2'");
  Tamper(
      "INSERT INTO accounts SELECT 'forged', 'FRL-P3', password_hash, status, capacity, expires, "
      "created_at, updated_at FROM accounts WHERE name = 'other'");
  ledger_ = Open();
  ExpectProblem("account forged: has no events");
}

TEST_F(AccountLedgerTest, VersionOneLedgerIsUpgradedInPlace) {
  // A version 1 file: the current schema without what version 2 added.
  LedgerRecord old = Record("FRL-OLD", "ORD-OLD", "local-container");
  old.artifact_path = Path("Container.lic");
  ASSERT_OK(ledger_->BeginIssue(old));
  ASSERT_OK(ledger_->CompleteIssue("FRL-OLD"));
  ledger_.reset();
  EXPECT_EQ(UserVersion(), Ledger::kSchemaVersion);
  Tamper(
      "ALTER TABLE licences DROP COLUMN notes; ALTER TABLE licences DROP COLUMN requested_by; "
      "DROP TABLE accounts; DROP TABLE artifacts; PRAGMA user_version = 1;");
  ASSERT_EQ(UserVersion(), 1);

  ledger_ = Open();
  ASSERT_NE(ledger_, nullptr);
  EXPECT_EQ(UserVersion(), Ledger::kSchemaVersion);
  auto record = ledger_->FindBySerial("FRL-OLD");
  ASSERT_OK(record);
  ASSERT_TRUE(record->has_value());
  EXPECT_EQ((*record)->status, LicenceStatus::kActive);
  ExpectClean();
  ASSERT_OK(IssueWithAccount("FRL-P1", "ORD-1", "acct"));
  ExpectClean();
  // Opening again changes nothing.
  ledger_ = Open();
  EXPECT_EQ(UserVersion(), Ledger::kSchemaVersion);
  auto accounts = ledger_->ListAccounts();
  ASSERT_OK(accounts);
  EXPECT_EQ(accounts->size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Issuing a public-cloud order.

Result<SecretBytes> NoPassphrase(void*) {
  ADD_FAILURE() << "a public-cloud issue asked for the passphrase";
  return Error(ErrorCode::kInvalidInput, "no passphrase in this test");
}

class PublicCloudIssueTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    testing::CopyExampleKeyring(Path("keys"));
    order_ = Slurp(FRLIC_SOURCE_DIR "/templates/orders/public-cloud.yaml");
    ASSERT_NE(order_.find("order_id: ORD-2026-0104"), std::string::npos);
  }

  // The template order with edits (each pair: text, replacement), written to NAME.yaml.
  std::string WriteOrder(const std::string& name,
                         const std::vector<std::pair<std::string, std::string>>& edits = {}) {
    std::string text = order_;
    for (const auto& [from, to] : edits) {
      auto at = text.find(from);
      EXPECT_NE(at, std::string::npos) << from;
      if (at != std::string::npos) text.replace(at, from.size(), to);
    }
    const std::string path = Path(name + ".yaml");
    std::ofstream(path) << text;
    return path;
  }

  IssueRequest Request(const std::string& order_path, const std::string& ledger = "ledger.sqlite") {
    IssueRequest request;
    request.order_path = order_path;
    request.keys_dir = Path("keys");
    request.ledger_path = Path(ledger);
    request.init_ledger = true;
    request.out_dir = Path("out");
    request.allow_example_keys = true;
    return request;
  }

  Result<IssueResult> Run(const IssueRequest& request, std::uint8_t seed = 21) {
    SeededRandom random = testing::TestRandom(seed);
    return Issue(request, Passphrase{NoPassphrase, nullptr}, clock_, random);
  }

  std::unique_ptr<Ledger> OpenLedger(const std::string& name = "ledger.sqlite") {
    auto opened = Ledger::CreateSqlite(Path(name), clock_);
    EXPECT_OK(opened);
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  FixedClock clock_{kAccountsNow};
  std::string order_;
};

TEST_F(PublicCloudIssueTest, CreatesTheRequestedAccount) {
  auto issued = Run(Request(WriteOrder("order")));
  ASSERT_OK(issued);
  ASSERT_TRUE(issued->account.has_value());
  const IssuedAccount& account = *issued->account;
  EXPECT_EQ(account.name, "example-trading");
  EXPECT_EQ(account.capacity, 5);
  EXPECT_EQ(FormatDate(account.expires), "2027-11-19");
  EXPECT_EQ(issued->method, "public-cloud");
  EXPECT_EQ(issued->path, "");
  EXPECT_EQ(issued->key_id, "");
  EXPECT_EQ(account.password.size(), kPasswordLength);
  // No file anywhere: not in --out, not beside the order.
  EXPECT_FALSE(fs::exists(Path("out")));

  auto ledger = OpenLedger();
  auto stored = ledger->FindAccount("example-trading");
  ASSERT_OK(stored);
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->serial, issued->serial);
  EXPECT_EQ((*stored)->order_id, "ORD-2026-0104");
  EXPECT_TRUE(VerifyPassword((*stored)->password_hash, account.password));
  auto record = ledger->FindBySerial(issued->serial);
  ASSERT_OK(record);
  ASSERT_TRUE(record->has_value());
  EXPECT_EQ((*record)->status, LicenceStatus::kActive);
  EXPECT_EQ((*record)->method, "public-cloud");
  EXPECT_EQ((*record)->artifact_path, "");
  EXPECT_EQ((*record)->extra_json, R"({"account":"example-trading"})");
  EXPECT_EQ((*record)->artifact_sha256, Sha256Hex(AsBytes(AccountToJson(**stored).dump())));
  EXPECT_EQ((*record)->artifact_sha256, issued->sha256);
  auto report = ledger->Verify();
  ASSERT_OK(report);
  EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
}

TEST_F(PublicCloudIssueTest, ThePasswordIsNowhereInTheLedgerFile) {
  auto issued = Run(Request(WriteOrder("order")));
  ASSERT_OK(issued);
  const std::string password = Text(issued->account->password);
  std::string bytes;
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    if (entry.is_regular_file()) bytes += Slurp(entry.path().string());
  }
  ASSERT_NE(bytes.find("example-trading"), std::string::npos);  // the ledger was read
  EXPECT_EQ(bytes.find(password), std::string::npos);
}

TEST_F(PublicCloudIssueTest, GeneratedNameWhenTheOrderNamesNone) {
  auto issued = Run(Request(WriteOrder("order", {{"account:\n  name: example-trading\n", ""}})));
  ASSERT_OK(issued);
  EXPECT_TRUE(std::regex_match(issued->account->name, std::regex("fr-[a-z2-7]{10}")))
      << issued->account->name;
  auto stored = OpenLedger()->FindAccount(issued->account->name);
  ASSERT_OK(stored);
  ASSERT_TRUE(stored->has_value());
}

TEST_F(PublicCloudIssueTest, ATakenNameIsRefusedBeforeAnythingChanges) {
  ASSERT_OK(Run(Request(WriteOrder("first"))));
  const std::string second = WriteOrder("second", {{"ORD-2026-0104", "ORD-2026-0105"}});
  auto events_before = OpenLedger()->Events("");
  ASSERT_OK(events_before);
  auto refused = Run(Request(second));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
  EXPECT_NE(refused.error().message().find("account name example-trading is already taken"),
            std::string::npos)
      << refused.error().message();
  EXPECT_NE(refused.error().message().find("ORD-2026-0104"), std::string::npos);
  auto events_after = OpenLedger()->Events("");
  ASSERT_OK(events_after);
  EXPECT_EQ(events_after->size(), events_before->size());
  // The same order again: a re-run reports the account, without a password (none is stored).
  auto rerun = Run(Request(WriteOrder("first")));
  ASSERT_OK(rerun);
  EXPECT_TRUE(rerun->already_issued);
  ASSERT_TRUE(rerun->account.has_value());
  EXPECT_EQ(rerun->account->name, "example-trading");
  EXPECT_TRUE(rerun->account->password.empty());
  // Another order under the same id: refused, naming the serial.
  auto changed = Run(Request(WriteOrder("changed", {{"capacity: 5", "capacity: 6"}})));
  ASSERT_FALSE(changed.ok());
  EXPECT_EQ(changed.error().code(), ErrorCode::kConflict);
  EXPECT_NE(changed.error().message().find("already issued"), std::string::npos);
}

TEST_F(PublicCloudIssueTest, ExampleKeysNeedTheFlag) {
  IssueRequest request = Request(WriteOrder("order"));
  request.allow_example_keys = false;
  auto refused = Run(request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kRefused);
}

TEST_F(PublicCloudIssueTest, ReproducibleWithTheSameSeed) {
  const std::string order = WriteOrder("order", {{"account:\n  name: example-trading\n", ""}});
  auto first = Run(Request(order, "one.sqlite"), 33);
  auto second = Run(Request(order, "two.sqlite"), 33);
  auto third = Run(Request(order, "three.sqlite"), 34);
  ASSERT_OK(first);
  ASSERT_OK(second);
  ASSERT_OK(third);
  EXPECT_EQ(first->serial, second->serial);
  EXPECT_EQ(first->account->name, second->account->name);
  EXPECT_TRUE(first->account->password.Equals(second->account->password));
  EXPECT_EQ(first->sha256, second->sha256);
  EXPECT_EQ(OpenLedger("one.sqlite")->FindAccount(first->account->name).value()->password_hash,
            OpenLedger("two.sqlite")->FindAccount(first->account->name).value()->password_hash);
  EXPECT_NE(first->account->name, third->account->name);
  EXPECT_FALSE(first->account->password.Equals(third->account->password));
}

TEST_F(PublicCloudIssueTest, ShowDisableEnableAndCheckPassword) {
  auto issued = Run(Request(WriteOrder("order")));
  ASSERT_OK(issued);
  const std::string ledger = Path("ledger.sqlite");
  const SecretBytes& password = issued->account->password;

  auto shown = ShowAccount("example-trading", ledger, clock_);
  ASSERT_OK(shown);
  EXPECT_EQ(shown->account.password_hash, "");
  EXPECT_EQ(shown->account.company, "Example Trading Co., Ltd.");
  EXPECT_FALSE(shown->expired);
  EXPECT_EQ(ShowAccount("nobody", ledger, clock_).error().code(), ErrorCode::kNotFound);

  auto right = CheckAccountPassword("example-trading", password, ledger, clock_);
  ASSERT_OK(right);
  EXPECT_TRUE(right->valid()) << right->message;
  auto wrong =
      CheckAccountPassword("example-trading", Secret("not-it-23456789ABCD"), ledger, clock_);
  ASSERT_OK(wrong);
  EXPECT_EQ(wrong->refusal, AccountRefusal::kWrongPassword);
  EXPECT_EQ(AccountRefusalCode(*wrong->refusal), 30006);
  EXPECT_EQ(CheckAccountPassword("nobody", password, ledger, clock_).error().code(),
            ErrorCode::kNotFound);

  EXPECT_EQ(SetAccountEnabled("example-trading", false, " ", ledger, clock_).error().code(),
            ErrorCode::kInvalidInput);
  auto disabled = SetAccountEnabled("example-trading", false, "unpaid", ledger, clock_);
  ASSERT_OK(disabled);
  EXPECT_EQ(disabled->account.status, AccountStatus::kDisabled);
  EXPECT_EQ(SetAccountEnabled("example-trading", false, "again", ledger, clock_).error().code(),
            ErrorCode::kConflict);
  auto while_disabled = CheckAccountPassword("example-trading", password, ledger, clock_);
  ASSERT_OK(while_disabled);
  EXPECT_EQ(while_disabled->refusal, AccountRefusal::kDisabled);
  EXPECT_TRUE(while_disabled->password_matches);
  ASSERT_OK(SetAccountEnabled("example-trading", true, "paid", ledger, clock_));
  EXPECT_EQ(SetAccountEnabled("example-trading", true, "again", ledger, clock_).error().code(),
            ErrorCode::kConflict);
  EXPECT_EQ(SetAccountEnabled("nobody", true, "x", ledger, clock_).error().code(),
            ErrorCode::kNotFound);

  // Expiry: the last valid day is still valid, the day after is not.
  FixedClock last_day(StartOfDay(*ParseDate("2027-11-19")) + 86399);
  FixedClock day_after(StartOfDay(*ParseDate("2027-11-20")));
  EXPECT_TRUE(CheckAccountPassword("example-trading", password, ledger, last_day)->valid());
  EXPECT_EQ(CheckAccountPassword("example-trading", password, ledger, day_after)->refusal,
            AccountRefusal::kExpired);

  // A revoked licence takes its account with it.
  ASSERT_OK(Revoke(issued->serial, "refund", ledger, clock_));
  EXPECT_EQ(CheckAccountPassword("example-trading", password, ledger, clock_)->refusal,
            AccountRefusal::kLicenceNotActive);
  auto report = OpenLedger()->Verify();
  ASSERT_OK(report);
  EXPECT_TRUE(report->problems.empty()) << ::testing::PrintToString(report->problems);
}

// frlic check --account: the public cloud server's codes from the ledger's account alone
// (docs/formats.md section 10.1), first failing: 30006 (only with a password), 30002, 30000,
// 30007 (only with a registration count); facts left out are named as not checked.
TEST_F(PublicCloudIssueTest, CheckAccountRegistrationGivesTheServersCodes) {
  auto issued = Run(Request(WriteOrder("order")));
  ASSERT_OK(issued);
  const std::string ledger = Path("ledger.sqlite");
  const SecretBytes& password = issued->account->password;
  auto code = [&](const SecretBytes* given, std::optional<std::int64_t> nodes, const Clock& clock) {
    auto check = CheckAccountRegistration(ledger, "example-trading", given, nodes, clock);
    EXPECT_OK(check);
    return check.ok() ? static_cast<int>(check->server->code) : -1;
  };
  auto bare = CheckAccountRegistration(ledger, "example-trading", nullptr, std::nullopt, clock_);
  ASSERT_OK(bare);
  EXPECT_TRUE(bare->accepted());
  EXPECT_EQ(bare->not_checked, (std::vector<std::string>{"password", "nodes"}));
  EXPECT_EQ(bare->serial, issued->serial);
  auto full = CheckAccountRegistration(ledger, "example-trading", &password, 5, clock_);
  ASSERT_OK(full);
  EXPECT_TRUE(full->accepted());
  EXPECT_TRUE(full->not_checked.empty());

  const SecretBytes wrong = Secret("not-it-23456789ABCD");
  EXPECT_EQ(code(&wrong, 9, clock_), 30006);
  EXPECT_EQ(code(nullptr, 6, clock_), 30007);  // capacity 5: the sixth project
  EXPECT_EQ(code(&password, 6, clock_), 30007);
  FixedClock day_after(StartOfDay(*ParseDate("2027-11-20")));
  EXPECT_EQ(code(nullptr, 6, day_after), 30000);
  EXPECT_EQ(code(&wrong, 6, day_after), 30006);
  ASSERT_OK(SetAccountEnabled("example-trading", false, "unpaid", ledger, clock_));
  EXPECT_EQ(code(nullptr, 1, day_after), 30002);
  EXPECT_EQ(code(&wrong, 1, clock_), 30006);
  ASSERT_OK(SetAccountEnabled("example-trading", true, "paid", ledger, clock_));
  ASSERT_OK(Revoke(issued->serial, "refund", ledger, clock_));
  EXPECT_EQ(code(&password, 1, clock_), 30002);
  EXPECT_EQ(
      CheckAccountRegistration(ledger, "nobody", nullptr, std::nullopt, clock_).error().code(),
      ErrorCode::kNotFound);
}

}  // namespace
}  // namespace frlic

namespace frlic {
namespace {

AccountFacts JudgedAccount() {
  AccountFacts facts;
  facts.name = "example-trading";
  facts.serial = "FRL-5EC0DE0000000001";
  facts.capacity = 2;
  facts.expires = *ParseDate("2027-11-19");
  return facts;
}

TEST(AccountJudgement, FirstFailingOf30006Then30002Then30000Then30007) {
  const UnixSeconds day_after = *ParseInstant("2027-11-20T00:00:00Z");
  AccountFacts facts = JudgedAccount();
  facts.status = AccountStatus::kDisabled;
  facts.licence_status = "revoked";
  EXPECT_EQ(JudgeAccountRegistration(facts, false, 3, day_after).answer,
            AccountAnswer::kWrongPassword);
  EXPECT_EQ(JudgeAccountRegistration(facts, true, 3, day_after).answer, AccountAnswer::kDisabled);
  EXPECT_EQ(JudgeAccountRegistration(facts, std::nullopt, 3, day_after).answer,
            AccountAnswer::kDisabled);  // the password not checked
  facts.status = AccountStatus::kActive;
  const AccountJudgement revoked = JudgeAccountRegistration(facts, true, 3, day_after);
  EXPECT_EQ(revoked.answer, AccountAnswer::kLicenceNotActive);
  EXPECT_NE(revoked.reason.find("FRL-5EC0DE0000000001 of account example-trading is revoked"),
            std::string::npos)
      << revoked.reason;
  facts.licence_status = "active";
  EXPECT_EQ(JudgeAccountRegistration(facts, true, 3, day_after).answer, AccountAnswer::kExpired);
  EXPECT_EQ(JudgeAccountRegistration(facts, true, 3, day_after - 1).answer,
            AccountAnswer::kOverCapacity);
  EXPECT_EQ(JudgeAccountRegistration(facts, true, 2, day_after - 1).answer, AccountAnswer::kOk);
  EXPECT_EQ(JudgeAccountRegistration(facts, true, std::nullopt, day_after - 1).answer,
            AccountAnswer::kOk);  // the registrations not checked
}

TEST(AccountJudgement, CodesAreTheManualsOnes) {
  EXPECT_EQ(AccountAnswerCode(AccountAnswer::kOk), ServerCode::kOk);
  EXPECT_EQ(static_cast<int>(AccountAnswerCode(AccountAnswer::kWrongPassword)), 30006);
  EXPECT_EQ(static_cast<int>(AccountAnswerCode(AccountAnswer::kDisabled)), 30002);
  EXPECT_EQ(static_cast<int>(AccountAnswerCode(AccountAnswer::kLicenceNotActive)), 30002);
  EXPECT_EQ(static_cast<int>(AccountAnswerCode(AccountAnswer::kExpired)), 30000);
  EXPECT_EQ(static_cast<int>(AccountAnswerCode(AccountAnswer::kOverCapacity)), 30007);
}

}  // namespace
}  // namespace frlic
