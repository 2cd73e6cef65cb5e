// The reference licence server (frlic/customer/licence_server.h): it starts on an expired
// licence and can still be destroyed; -destroy retires the host's machine key, so a copy of the
// package kept before it does not start, and a destroyed package says so, naming its serial.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/customer/licence_server.h"
#include "frlic/customer/machine_dir.h"
#include "frlic/customer/server_request.h"
#include "frlic/issue/issue.h"
#include "frlic/licence/receipt.h"
#include "machine_test_support.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace {

namespace fs = std::filesystem;
using testing::ErrorText;

Result<SecretBytes> ServerTestPassphrase(void*) {
  std::string text = testing::ExamplePassphrase();
  return SecretBytes::CopyFrom(std::string_view(text));
}

UnixSeconds ServerTestAt(const char* instant) { return *ParseInstant(instant); }

// A machine directory and a FanruanLicenseServer.zip issued for it (expires 2027-10-14).
class LicenceServerTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    testing::CopyExampleKeyring(Path("keys"));
    auto keyring = Keyring::Load(Path("keys"));
    ASSERT_OK(keyring);
    keyring_.emplace(std::move(keyring).value());
    auto secret = ServerTestPassphrase(nullptr);
    auto rif_key = keyring_->UnlockRifKey(*secret);
    ASSERT_OK(rif_key);
    SeededRandom random = testing::TestRandom(41);
    auto machine_key = X25519PrivateKey::Generate(random);
    MachineInfo info = testing::SampleInfo(machine_key.public_key());
    auto rif = SealMachineInfo(info, rif_key->key.public_key(), rif_key->key_id);
    ASSERT_OK(rif);
    machine_ = Path("machine");
    ASSERT_OK(WriteMachineDir(machine_, info, machine_key, *rif));

    IssueRequest request;
    request.order_path = FRLIC_SOURCE_DIR "/templates/orders/private-cloud.yaml";
    request.keys_dir = Path("keys");
    request.ledger_path = Path("ledger.sqlite");
    request.init_ledger = true;
    request.out_dir = Path("out");
    request.allow_example_keys = true;
    request.rif_path = MachineRifPath(machine_);
    FixedClock clock(testing::SampleTime());
    auto issued = Issue(request, Passphrase{ServerTestPassphrase, nullptr}, clock, random);
    ASSERT_OK(issued);
    serial_ = issued->serial;
    package_ = issued->path;
  }

  std::optional<Keyring> keyring_;
  std::string machine_;
  std::string package_;
  std::string serial_;
};

TEST_F(LicenceServerTest, StartsOnBothSidesOfTheExpiryDayAndAnswers30000AfterIt) {
  auto last_day =
      StartLicenceServer(package_, machine_, *keyring_, ServerTestAt("2027-10-14T23:59:59Z"));
  ASSERT_OK(last_day);
  EXPECT_FALSE(last_day->expired);
  auto day_after =
      StartLicenceServer(package_, machine_, *keyring_, ServerTestAt("2027-10-15T00:00:00Z"));
  ASSERT_OK(day_after);
  EXPECT_TRUE(day_after->expired);
  const std::string request =
      R"({"ip":"192.168.100.25","product":"FineDataLink","version":"4.1.5","nodes":1,"app_name":"report1"})";
  EXPECT_EQ(CheckServerRequest(last_day->licence, request, ServerTestAt("2027-10-14T23:59:59Z")),
            ServerCode::kOk);
  EXPECT_EQ(CheckServerRequest(day_after->licence, request, ServerTestAt("2027-10-15T00:00:00Z")),
            ServerCode::kLicenseExpired);
}

TEST_F(LicenceServerTest, AnExpiredServerCanBeDestroyedAndItsReceiptNamesIt) {
  const UnixSeconds now = ServerTestAt("2028-01-01T00:00:00Z");
  auto server = StartLicenceServer(package_, machine_, *keyring_, now);
  ASSERT_OK(server);
  ASSERT_TRUE(server->expired);
  auto destroyed = DestroyLicenceServer(*server, package_, machine_, now);
  ASSERT_OK(destroyed);
  EXPECT_FALSE(destroyed->retire_error.has_value());
  auto peeked = PeekReceipt(AsBytes(destroyed->receipt), "receipt.fr");
  ASSERT_OK(peeked);
  EXPECT_EQ(peeked->serial, serial_);
  EXPECT_EQ(peeked->destroyed_at, now);
}

TEST_F(LicenceServerTest, DestroyRetiresTheMachineKeySoAKeptCopyDoesNotStart) {
  const UnixSeconds now = testing::SampleTime() + 3600;
  fs::copy_file(package_, Path("copy.zip"));
  auto server = StartLicenceServer(package_, machine_, *keyring_, now);
  ASSERT_OK(server);
  ASSERT_OK(DestroyLicenceServer(*server, package_, machine_, now));

  EXPECT_FALSE(PathExists(MachineKeyPath(machine_)));
  auto retired = ReadRetiredMachineKeys(machine_);
  ASSERT_OK(retired);
  ASSERT_EQ(retired->size(), 1u);
  EXPECT_EQ((*retired)[0].serial, serial_);
  EXPECT_EQ((*retired)[0].destroyed_at, now);

  auto copy = StartLicenceServer(Path("copy.zip"), machine_, *keyring_, now);
  EXPECT_ERROR(copy, ErrorCode::kRefused, "was retired when licence server " + serial_);
  EXPECT_ERROR(copy, ErrorCode::kRefused, "--regenerate");
  EXPECT_ERROR(LoadMachineDir(machine_), ErrorCode::kRefused, "retired");
}

TEST_F(LicenceServerTest, ADestroyedPackageSaysItWasAlreadyDestroyedWithItsSerial) {
  const UnixSeconds now = testing::SampleTime() + 3600;
  auto server = StartLicenceServer(package_, machine_, *keyring_, now);
  ASSERT_OK(server);
  ASSERT_OK(DestroyLicenceServer(*server, package_, machine_, now));
  auto again = StartLicenceServer(package_, machine_, *keyring_, now + 60);
  EXPECT_ERROR(again, ErrorCode::kConflict,
               "licence server " + serial_ + " (" + package_ + ") was already destroyed on " +
                   FormatInstant(now));
}

TEST_F(LicenceServerTest, APackageMissingItsKeyButNotVerifyingIsStillMalformed) {
  // Only a package whose licence verifies is reported as destroyed; anything else keeps the
  // reader's error.
  std::ofstream(Path("junk.zip")) << "not a zip";
  auto junk = StartLicenceServer(Path("junk.zip"), machine_, *keyring_, testing::SampleTime());
  ASSERT_FALSE(junk.ok());
  EXPECT_NE(junk.error().code(), ErrorCode::kConflict);
}

TEST_F(LicenceServerTest, AnUnreadableRetiredListStopsDestroyBeforeTheKeyIsDeleted) {
  // retired.json is read before the instance key goes: once it is gone no receipt can be made.
  const UnixSeconds now = testing::SampleTime() + 3600;
  auto server = StartLicenceServer(package_, machine_, *keyring_, now);
  ASSERT_OK(server);
  std::ofstream(MachineRetiredPath(machine_)) << "not a list\n";
  EXPECT_ERROR(DestroyLicenceServer(*server, package_, machine_, now), ErrorCode::kMalformed,
               "retired.json");
  fs::remove(MachineRetiredPath(machine_));
  EXPECT_OK(StartLicenceServer(package_, machine_, *keyring_, now));
  EXPECT_TRUE(PathExists(MachineKeyPath(machine_)));
}

TEST_F(LicenceServerTest, AReceiptThatCannotBeKeptDestroysNothing) {
  const UnixSeconds now = testing::SampleTime() + 3600;
  auto server = StartLicenceServer(package_, machine_, *keyring_, now);
  ASSERT_OK(server);
  std::string kept;
  auto destroyed =
      DestroyLicenceServer(*server, package_, machine_, now, [&](const std::string& receipt) {
        kept = receipt;
        return Status(Error(ErrorCode::kIo, "cannot write receipt.fr"));
      });
  EXPECT_ERROR(destroyed, ErrorCode::kIo, "cannot write receipt.fr");
  EXPECT_FALSE(kept.empty());  // handed over signed, before anything was destroyed
  EXPECT_OK(StartLicenceServer(package_, machine_, *keyring_, now));
  EXPECT_TRUE(PathExists(MachineKeyPath(machine_)));
}

TEST_F(LicenceServerTest, TheReceiptIsReturnedWhenOnlyRetiringTheMachineKeyFails) {
  const UnixSeconds now = testing::SampleTime() + 3600;
  auto server = StartLicenceServer(package_, machine_, *keyring_, now);
  ASSERT_OK(server);
  // After the checks, before the key is deleted: retired.json becomes a directory that no
  // rename can replace, so retiring the machine key fails once the instance key is gone.
  auto destroyed =
      DestroyLicenceServer(*server, package_, machine_, now, [&](const std::string&) -> Status {
        fs::create_directories(MachineRetiredPath(machine_) + "/blocker");
        return Ok();
      });
  ASSERT_OK(destroyed);
  ASSERT_TRUE(destroyed->retire_error.has_value());
  auto peeked = PeekReceipt(AsBytes(destroyed->receipt), "receipt.fr");
  ASSERT_OK(peeked);
  EXPECT_EQ(peeked->serial, serial_);
  auto again = StartLicenceServer(package_, machine_, *keyring_, now);
  ASSERT_FALSE(again.ok());  // the instance key is gone
}

}  // namespace
}  // namespace frlic
