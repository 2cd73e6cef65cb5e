// Product registrations and unbinding (frlic/customer/registrations.h) with the 24-hour rules of
// seeds 001 and 002, and the reference public cloud server (frlic/customer/public_cloud_server.h)
// reading accounts from the ledger read-only, agreeing with `frlic account check-password`.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/customer/public_cloud_server.h"
#include "frlic/customer/registrations.h"
#include "frlic/issue/issue.h"
#include "frlic/issue/public_cloud.h"
#include "frlic/ledger/ledger.h"
#include "machine_test_support.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

namespace fs = std::filesystem;
using testing::ErrorText;

constexpr UnixSeconds kRegistrationDay = 86400;
const UnixSeconds kRegistrationT0 = *ParseInstant("2026-11-23T08:00:00Z");

TEST(Registrations, ALiveRegistrationLapses24HoursAfterItWasLastHeardFrom) {
  RegistrationState state = RegistrationState::Empty();
  state.Wake(kRegistrationT0);
  state.Register("FRL-1", "10.0.0.1", kRegistrationT0);
  EXPECT_TRUE(state.IsRegistered("FRL-1", "10.0.0.1", kRegistrationT0 + kRegistrationDay - 1));
  EXPECT_FALSE(state.IsRegistered("FRL-1", "10.0.0.1", kRegistrationT0 + kRegistrationDay));
  // A heartbeat (re-registration) renews it.
  state.Register("FRL-1", "10.0.0.1", kRegistrationT0 + kRegistrationDay - 1);
  EXPECT_TRUE(state.IsRegistered("FRL-1", "10.0.0.1", kRegistrationT0 + 2 * kRegistrationDay - 2));
  EXPECT_FALSE(state.IsRegistered("FRL-1", "10.0.0.1", kRegistrationT0 + 2 * kRegistrationDay - 1));
}

TEST(Registrations, CapacityCountsLiveRegistrationsAndAReRegistrationIsNotNew) {
  RegistrationState state = RegistrationState::Empty();
  state.Wake(kRegistrationT0);
  state.Register("FRL-1", "10.0.0.1", kRegistrationT0);
  state.Register("FRL-1", "10.0.0.2", kRegistrationT0 + 10);
  EXPECT_EQ(state.CountWith("FRL-1", "10.0.0.1", kRegistrationT0 + 20), 2);  // already registered
  EXPECT_EQ(state.CountWith("FRL-1", "10.0.0.3", kRegistrationT0 + 20), 3);  // a new one
  EXPECT_EQ(state.CountWith("FRL-2", "10.0.0.3", kRegistrationT0 + 20), 1);  // tables are per owner
  // Once 10.0.0.1 lapses, it no longer occupies a slot.
  EXPECT_EQ(state.CountWith("FRL-1", "10.0.0.3", kRegistrationT0 + kRegistrationDay), 2);
  EXPECT_EQ(state.Live("FRL-1", kRegistrationT0 + kRegistrationDay).size(), 1u);
}

TEST(Registrations, UnbindRemovesARegisteredOneAndRefusesOneThatIsNotBound) {
  RegistrationState state = RegistrationState::Empty();
  state.Wake(kRegistrationT0);
  state.Register("FRL-1", "10.0.0.1", kRegistrationT0);
  EXPECT_FALSE(state.Unbind("FRL-1", "10.0.0.9", kRegistrationT0));
  EXPECT_FALSE(state.Unbind("FRL-2", "10.0.0.1", kRegistrationT0));
  EXPECT_TRUE(state.Unbind("FRL-1", "10.0.0.1", kRegistrationT0));
  EXPECT_FALSE(state.Unbind("FRL-1", "10.0.0.1", kRegistrationT0));  // a second unbind: not bound
  // A lapsed registration is not bound either.
  state.Register("FRL-1", "10.0.0.2", kRegistrationT0);
  EXPECT_FALSE(state.Unbind("FRL-1", "10.0.0.2", kRegistrationT0 + kRegistrationDay));
}

TEST(Registrations, AServerDownFor24HoursForgetsEveryRegistration) {
  RegistrationState state = RegistrationState::Empty();
  EXPECT_EQ(state.Wake(kRegistrationT0), 0u);
  state.Register("FRL-1", "10.0.0.1", kRegistrationT0);
  state.Register("FRL-1", "10.0.0.2", kRegistrationT0 + 3600);
  // Alive again just under 24 hours after it was last alive: the registrations stay
  // (10.0.0.1 was heard from 23 h ago, still live).
  RegistrationState copy = state;
  EXPECT_EQ(copy.Wake(kRegistrationT0 + 3600 + kRegistrationDay - 1), 0u);  // not down for 24 h
  EXPECT_EQ(copy.Live("FRL-1", kRegistrationT0 + 3600 + kRegistrationDay - 1).size(),
            1u);  // 10.0.0.1 lapsed
  // Down for 24 hours: all discarded, products register again.
  EXPECT_EQ(state.Wake(kRegistrationT0 + 3600 + kRegistrationDay), 2u);
  EXPECT_TRUE(state.Live("FRL-1", kRegistrationT0 + 3600 + kRegistrationDay).empty());
  EXPECT_EQ(state.last_alive(), kRegistrationT0 + 3600 + kRegistrationDay);
}

TEST(Registrations, TheStateFileRoundTripsAndIsReadStrictly) {
  RegistrationState state = RegistrationState::Empty();
  state.Wake(kRegistrationT0);
  state.Register("FRL-1", "10.0.0.2", kRegistrationT0);
  state.Register("FRL-1", "10.0.0.1", kRegistrationT0 + 5);
  const std::string text = state.Serialize();
  EXPECT_EQ(
      text,
      R"({"format":"frlic-registrations","last_alive":"2026-11-23T08:00:05Z","tables":{"FRL-1":[)"
      R"({"key":"10.0.0.1","last_seen":"2026-11-23T08:00:05Z","registered_at":"2026-11-23T08:00:05Z"},)"
      R"({"key":"10.0.0.2","last_seen":"2026-11-23T08:00:00Z","registered_at":"2026-11-23T08:00:00Z"}]},"version":1})"
      "\n");
  auto again = RegistrationState::Parse(text, "state.json");
  ASSERT_OK(again);
  EXPECT_EQ(again->Serialize(), text);

  auto refuse = [](std::string bad, const char* fragment) {
    SCOPED_TRACE(bad);
    EXPECT_ERROR(RegistrationState::Parse(bad, "state.json"), ErrorCode::kMalformed, fragment);
  };
  refuse(text.substr(0, text.size() - 1), "line feed");
  std::string swapped = text;
  swapped.replace(swapped.find("10.0.0.1"), 8, "10.0.0.9");
  refuse(swapped, "sorted");
  std::string future = text;
  future.replace(future.find("\"last_seen\":\"2026-11-23T08:00:05Z\""), 34,
                 "\"last_seen\":\"2026-11-24T08:00:05Z\"");
  refuse(future, "last_seen <= last_alive");
  refuse(
      "{\"format\":\"frlic-registrations\",\"version\":2,\"last_alive\":\"2026-11-23T08:00:05Z\","
      "\"tables\":{}}\n",
      "expected exactly");
}

class RegistrationStateFileTest : public testing::TempDirTest {};

TEST_F(RegistrationStateFileTest, IsCreatedOwnerOnly) {
  const std::string path = Path("state.json");
  auto empty = LoadRegistrationState(path);
  ASSERT_OK(empty);
  empty->Wake(kRegistrationT0);
  ASSERT_OK(SaveRegistrationState(path, *empty));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_OK(LoadRegistrationState(path));
}

// ---------------------------------------------------------------- the public cloud server

class PublicCloudServerTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    testing::CopyExampleKeyring(Path("keys"));
    std::string order = testing::Slurp(FRLIC_SOURCE_DIR "/templates/orders/public-cloud.yaml");
    order.replace(order.find("capacity: 5"), 11, "capacity: 2");
    std::ofstream(Path("order.yaml")) << order;
    IssueRequest request;
    request.order_path = Path("order.yaml");
    request.keys_dir = Path("keys");
    request.ledger_path = ledger_ = Path("ledger.sqlite");
    request.init_ledger = true;
    request.out_dir = Path("out");
    request.allow_example_keys = true;
    SeededRandom random = testing::TestRandom(5);
    auto issued = Issue(request, Passphrase{NoPassphrase, nullptr}, clock_, random);
    ASSERT_OK(issued);
    password_ = SecretBytes::CopyFrom(issued->account->password.reveal());
    state_.Wake(kRegistrationT0);
  }
  static Result<SecretBytes> NoPassphrase(void*) {
    return Error(ErrorCode::kInternal, "no passphrase needed");
  }

  ServerVerdict Answer(const std::string& machine, CloudAction action = CloudAction::kRegister,
                       UnixSeconds now = kRegistrationT0, const SecretBytes* password = nullptr) {
    auto account = ReadCloudAccount(ledger_, "example-trading");
    EXPECT_OK(account);
    return AnswerCloudRequest(*account, "example-trading", password ? *password : password_,
                              machine, action, state_, now);
  }

  FixedClock clock_{kRegistrationT0};
  std::string ledger_;
  SecretBytes password_;
  RegistrationState state_ = RegistrationState::Empty();
};

TEST_F(PublicCloudServerTest, ReadsTheLedgerReadOnlyAndNeverCreatesOne) {
  const std::string before = testing::Slurp(ledger_);
  auto account = ReadCloudAccount(ledger_, "example-trading");
  ASSERT_OK(account);
  ASSERT_TRUE(account->has_value());
  EXPECT_EQ((*account)->capacity, 2);
  EXPECT_EQ(FormatDate((*account)->expires), "2027-11-19");
  EXPECT_EQ(testing::Slurp(ledger_), before);
  auto none = ReadCloudAccount(ledger_, "nobody");
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_ERROR(ReadCloudAccount(Path("absent.sqlite"), "example-trading"), ErrorCode::kNotFound,
               "absent.sqlite");
  EXPECT_FALSE(PathExists(Path("absent.sqlite")));
}

TEST_F(PublicCloudServerTest, CapacityUnbindAnd20000) {
  EXPECT_EQ(Answer("host-a").code, ServerCode::kOk);
  EXPECT_EQ(Answer("host-b").code, ServerCode::kOk);
  EXPECT_EQ(Answer("host-a").code, ServerCode::kOk);  // a re-registration is not new
  EXPECT_EQ(Answer("host-c").code, ServerCode::kRegisterOutOfLimit);
  EXPECT_EQ(Answer("host-c", CloudAction::kUnbind).code, ServerCode::kDoNotNeedDeactivate);
  EXPECT_EQ(Answer("host-a", CloudAction::kUnbind).code, ServerCode::kOk);
  EXPECT_EQ(Answer("host-c").code, ServerCode::kOk);
  // seed 002: an old server shut down for 24 hours no longer occupies a slot.
  EXPECT_EQ(Answer("host-d", CloudAction::kRegister, kRegistrationT0 + kRegistrationDay - 1).code,
            ServerCode::kRegisterOutOfLimit);
  EXPECT_EQ(Answer("host-d", CloudAction::kRegister, kRegistrationT0 + kRegistrationDay).code,
            ServerCode::kOk);
}

TEST_F(PublicCloudServerTest, AgreesWithCheckPasswordOn30006And30002And30000) {
  const SecretBytes wrong = SecretBytes::CopyFrom(std::string_view("not-the-password-2345"));
  auto expect_same = [&](const SecretBytes& password, UnixSeconds now, ServerCode code) {
    FixedClock at(now);
    auto reference = CheckAccountPassword("example-trading", password, ledger_, at);
    ASSERT_OK(reference);
    const int reference_code = reference->refusal ? AccountRefusalCode(*reference->refusal) : 0;
    const ServerVerdict verdict = Answer("host-a", CloudAction::kRegister, now, &password);
    EXPECT_EQ(static_cast<int>(verdict.code), reference_code) << verdict.detail;
    EXPECT_EQ(verdict.code, code) << verdict.detail;
  };
  expect_same(wrong, kRegistrationT0, ServerCode::kAccountInputError);
  const UnixSeconds last_day = *ParseInstant("2027-11-19T23:59:59Z");
  const UnixSeconds day_after = *ParseInstant("2027-11-20T00:00:00Z");
  expect_same(password_, last_day, ServerCode::kOk);
  expect_same(password_, day_after, ServerCode::kLicenseExpired);
  ASSERT_OK(SetAccountEnabled("example-trading", false, "test", ledger_, clock_));
  expect_same(password_, kRegistrationT0, ServerCode::kAccountStatusError);
  expect_same(wrong, kRegistrationT0, ServerCode::kAccountInputError);  // the password comes first
  // An unknown account is answered as a wrong name or password.
  EXPECT_EQ(AnswerCloudRequest(std::nullopt, "nobody", password_, "host-a", CloudAction::kRegister,
                               state_, kRegistrationT0)
                .code,
            ServerCode::kAccountInputError);
}

TEST_F(PublicCloudServerTest, RefusesALedgerSchemaItDoesNotKnowRatherThanMisreadingIt) {
  EXPECT_EQ(kCloudLedgerSchemaMax, Ledger::kSchemaVersion);  // a new schema is reviewed here
  auto set_version = [&](const std::string& path, int version) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const std::string pragma = "PRAGMA user_version = " + std::to_string(version);
    EXPECT_EQ(sqlite3_exec(db, pragma.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  };
  fs::copy_file(ledger_, Path("newer.sqlite"));
  set_version(Path("newer.sqlite"), Ledger::kSchemaVersion + 1);
  EXPECT_ERROR(ReadCloudAccount(Path("newer.sqlite"), "example-trading"), ErrorCode::kLedgerCorrupt,
               "schema version " + std::to_string(Ledger::kSchemaVersion + 1));
  set_version(Path("empty.sqlite"), 0);
  EXPECT_ERROR(ReadCloudAccount(Path("empty.sqlite"), "example-trading"), ErrorCode::kLedgerCorrupt,
               "not a frlic ledger");
  std::ofstream(Path("text.sqlite")) << "not a database at all, just some text\n";
  EXPECT_ERROR(ReadCloudAccount(Path("text.sqlite"), "example-trading"), ErrorCode::kIo,
               "schema version");
}

TEST_F(PublicCloudServerTest, ADisabledAccountCanStillUnbindWithItsPassword) {
  EXPECT_EQ(Answer("host-a").code, ServerCode::kOk);
  ASSERT_OK(SetAccountEnabled("example-trading", false, "test", ledger_, clock_));
  EXPECT_EQ(Answer("host-a").code, ServerCode::kAccountStatusError);
  const SecretBytes wrong = SecretBytes::CopyFrom(std::string_view("not-the-password-2345"));
  EXPECT_EQ(Answer("host-a", CloudAction::kUnbind, kRegistrationT0, &wrong).code,
            ServerCode::kAccountInputError);
  EXPECT_EQ(Answer("host-a", CloudAction::kUnbind).code, ServerCode::kOk);
  EXPECT_EQ(Answer("host-a", CloudAction::kUnbind).code, ServerCode::kDoNotNeedDeactivate);
}

}  // namespace
}  // namespace frlic
