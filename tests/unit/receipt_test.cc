// receipt.fr: signed by the licence's instance key, verified with the key the verifier pins.
#include <gtest/gtest.h>

#include "frlic/core/time.h"
#include "frlic/keys/key_id.h"
#include "frlic/licence/envelope.h"
#include "frlic/licence/receipt.h"
#include "frlic/licence/server_licence.h"
#include "status_matchers.h"
#include "test_support.h"

namespace frlic {
namespace private_cloud_vectors {
Ed25519PrivateKey InstanceKey();
Ed25519PrivateKey OtherInstanceKey();
ServerLicence VectorLicence(const std::string& issuer_key_id);
Receipt VectorReceipt(const ServerLicence& licence, const std::string& envelope);
}  // namespace private_cloud_vectors

namespace {

namespace pcv = private_cloud_vectors;

using testing::kExampleKeyId;
constexpr char kLicenceEnvelope[] = "{\"payload\":\"...\"}\n";  // only its digest matters here

class ReceiptTest : public ::testing::Test {
 protected:
  ReceiptTest()
      : instance_(pcv::InstanceKey()),
        other_(pcv::OtherInstanceKey()),
        licence_(pcv::VectorLicence(kExampleKeyId)),
        receipt_(pcv::VectorReceipt(licence_, kLicenceEnvelope)) {}

  std::string Make(const Receipt& receipt) const { return MakeReceipt(receipt, instance_).value(); }
  std::string Payload(const std::string& file) const {
    return std::string(AsText(ReadEnvelopeUnverified(AsBytes(file), "r")->payload));
  }
  // `payload` signed by the instance key under `type`.
  std::string SignRaw(const std::string& payload, std::string_view type = kReceiptType) const {
    Bytes sig = instance_.Sign(PreAuthEncoding(type, AsBytes(payload))).value();
    return SignEnvelope(type, AsBytes(payload), InstanceId(), sig);
  }
  std::string InstanceId() const {
    return DeriveKeyId(KeyAlgorithm::kEd25519, ByteView(instance_.public_key().bytes()));
  }
  std::vector<std::string> Problems(const Json& payload) const {
    auto read = ReceiptFromPayload(payload, "receipt.fr");
    EXPECT_FALSE(read.ok());
    std::vector<std::string> fields;
    if (read.ok()) return fields;
    EXPECT_EQ(read.error().code(), ErrorCode::kMalformed);
    for (const auto& p : read.error().problems()) fields.push_back(p.field);
    return fields;
  }

  Ed25519PrivateKey instance_;
  Ed25519PrivateKey other_;
  ServerLicence licence_;
  Receipt receipt_;
};

TEST_F(ReceiptTest, RoundTrips) {
  const std::string file = Make(receipt_);
  auto opened = OpenReceipt(AsBytes(file), instance_.public_key(), "receipt.fr");
  ASSERT_OK(opened);
  EXPECT_EQ(opened->serial, "FRL-5EC0DE0000000001");
  EXPECT_EQ(opened->key_id, InstanceId());
  EXPECT_EQ(opened->licence_sha256, Sha256Hex(AsBytes(kLicenceEnvelope)));
  EXPECT_EQ(opened->nonce, licence_.nonce);
  EXPECT_EQ(opened->instance_public_key, instance_.public_key().bytes());
  EXPECT_EQ(opened->machine_fingerprint, licence_.machine_fingerprint);
  EXPECT_EQ(opened->destroyed_at, *ParseInstant("2027-02-01T09:30:00Z"));
  EXPECT_EQ(ReceiptPayload(*opened), Payload(file));
  auto peeked = PeekReceipt(AsBytes(file), "receipt.fr");
  ASSERT_OK(peeked);
  EXPECT_EQ(peeked->serial, opened->serial);
}

TEST_F(ReceiptTest, PayloadIsCompactSortedJsonWithExactlyTheSpecifiedMembers) {
  const std::string payload = Payload(Make(receipt_));
  Json json = Json::parse(payload);
  EXPECT_EQ(json.dump(), payload);
  std::vector<std::string> keys;
  for (auto it = json.begin(); it != json.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"destroyed_at", "format", "instance_public_key",
                                            "key_id", "licence_sha256", "machine_fingerprint",
                                            "nonce", "serial", "version"}));
  EXPECT_EQ(json["format"], "frlic.receipt");
  EXPECT_EQ(json["version"], 1);
}

TEST_F(ReceiptTest, KeyFieldsComeFromTheSigningKey) {
  Receipt lying = receipt_;
  lying.key_id = "0000000000000000";
  lying.instance_public_key = other_.public_key().bytes();
  auto opened = OpenReceipt(AsBytes(Make(lying)), instance_.public_key(), "receipt.fr");
  ASSERT_OK(opened);
  EXPECT_EQ(opened->instance_public_key, instance_.public_key().bytes());
}

TEST_F(ReceiptTest, MakeRefusesAnInvalidReceipt) {
  Receipt bad = receipt_;
  bad.serial = "serial 1";
  bad.nonce.pop_back();
  auto made = MakeReceipt(bad, instance_);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code(), ErrorCode::kInvalidInput);
}

TEST_F(ReceiptTest, EverySingleFlippedByteIsRejected) {
  const std::string file = Make(receipt_);
  for (std::size_t i = 0; i < file.size(); ++i) {
    for (std::uint8_t mask : {0x01, 0x20, 0x80}) {
      std::string flipped = file;
      flipped[i] = static_cast<char>(flipped[i] ^ mask);
      auto opened = OpenReceipt(AsBytes(flipped), instance_.public_key(), "receipt.fr");
      EXPECT_FALSE(opened.ok()) << "byte " << i << " mask " << int(mask) << " accepted";
    }
  }
}

TEST_F(ReceiptTest, SignedByAnotherInstanceKeyIsUnknownKey) {
  const std::string file = MakeReceipt(receipt_, other_).value();
  auto opened = OpenReceipt(AsBytes(file), instance_.public_key(), "receipt.fr");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kUnknownKey);
  // It is a well-formed receipt of the other key: Peek reads it, and the other key opens it.
  EXPECT_OK(PeekReceipt(AsBytes(file), "receipt.fr"));
  EXPECT_OK(OpenReceipt(AsBytes(file), other_.public_key(), "receipt.fr"));
}

TEST_F(ReceiptTest, AnotherKeyNamingTheInstanceKeyIdIsBadSignature) {
  const std::string payload = Payload(Make(receipt_));
  Bytes sig = other_.Sign(PreAuthEncoding(kReceiptType, AsBytes(payload))).value();
  const std::string forged = SignEnvelope(kReceiptType, AsBytes(payload), InstanceId(), sig);
  auto opened = OpenReceipt(AsBytes(forged), instance_.public_key(), "receipt.fr");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kBadSignature);
}

TEST_F(ReceiptTest, PayloadNamingAnotherInstanceKeyIsRefused) {
  Json payload = Json::parse(Payload(Make(receipt_)));
  payload["instance_public_key"] = Base64Encode(ByteView(other_.public_key().bytes()));
  payload["key_id"] = DeriveKeyId(KeyAlgorithm::kEd25519, ByteView(other_.public_key().bytes()));
  // Consistent in itself, signed by the pinned key, but not about the pinned key.
  const std::string file = SignRaw(payload.dump());
  auto opened = OpenReceipt(AsBytes(file), instance_.public_key(), "receipt.fr");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kMalformed);
}

TEST_F(ReceiptTest, DomainSeparationFromTheServerLicence) {
  // The receipt's payload signed by the instance key under the licence type: not a receipt.
  const std::string payload = Payload(Make(receipt_));
  const std::string as_licence = SignRaw(payload, kServerLicenceType);
  auto opened = OpenReceipt(AsBytes(as_licence), instance_.public_key(), "receipt.fr");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kMalformed);
  EXPECT_FALSE(PeekReceipt(AsBytes(as_licence), "receipt.fr").ok());
  // A receipt's signature, relabelled as a licence, does not verify as one (PAE covers the type).
  const std::string receipt = Make(receipt_);
  Json json = Json::parse(receipt);
  const std::string relabelled =
      SignEnvelope(kServerLicenceType, *Base64Decode(json["payload"].get<std::string>()),
                   InstanceId(), *Base64Decode(json["signatures"][0]["sig"].get<std::string>()));
  auto as_envelope =
      OpenEnvelopeWithKey(AsBytes(relabelled), kServerLicenceType, instance_.public_key(), "x");
  ASSERT_FALSE(as_envelope.ok());
  EXPECT_EQ(as_envelope.error().code(), ErrorCode::kBadSignature);
  // And the other way: a licence-typed signature relabelled as a receipt does not verify.
  Json licence_json = Json::parse(as_licence);
  const std::string back = SignEnvelope(
      kReceiptType, *Base64Decode(licence_json["payload"].get<std::string>()), InstanceId(),
      *Base64Decode(licence_json["signatures"][0]["sig"].get<std::string>()));
  auto reopened = OpenReceipt(AsBytes(back), instance_.public_key(), "receipt.fr");
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.error().code(), ErrorCode::kBadSignature);
}

TEST_F(ReceiptTest, StrictFields) {
  Json base = Json::parse(Payload(Make(receipt_)));
  Json extra = base;
  extra["comment"] = "x";
  EXPECT_EQ(Problems(extra), std::vector<std::string>{"comment"});
  Json version = base;
  version["version"] = 2;
  EXPECT_EQ(Problems(version), std::vector<std::string>{"version"});
  Json format = base;
  format["format"] = "frlic.server-license";
  EXPECT_EQ(Problems(format), std::vector<std::string>{"format"});
  Json values = base;
  values["serial"] = "FRL-5ec0de0000000001";
  values["licence_sha256"] = std::string(63, 'a');
  values["nonce"] = Base64Encode(Bytes(15, 0));
  values["machine_fingerprint"] = 7;
  values["destroyed_at"] = "2027-02-01T09:30:00+08:00";
  EXPECT_EQ(Problems(values), (std::vector<std::string>{"serial", "licence_sha256", "nonce",
                                                        "machine_fingerprint", "destroyed_at"}));
  Json missing = base;
  missing.erase("licence_sha256");
  missing.erase("instance_public_key");
  EXPECT_EQ(Problems(missing), (std::vector<std::string>{"licence_sha256", "instance_public_key"}));
  Json mismatch = base;
  mismatch["key_id"] = "0000000000000000";
  EXPECT_EQ(Problems(mismatch), std::vector<std::string>{"key_id"});
}

TEST_F(ReceiptTest, PeekChecksTheTypeAndTheKeyIdButNotTheSignature) {
  const std::string file = Make(receipt_);
  Json json = Json::parse(file);
  const std::string unsigned_copy = SignEnvelope(
      kReceiptType, *Base64Decode(json["payload"].get<std::string>()), InstanceId(), Bytes(64, 0));
  EXPECT_OK(PeekReceipt(AsBytes(unsigned_copy), "receipt.fr"));
  const std::string other_id =
      SignEnvelope(kReceiptType, *Base64Decode(json["payload"].get<std::string>()),
                   "0000000000000000", Bytes(64, 0));
  auto peeked = PeekReceipt(AsBytes(other_id), "receipt.fr");
  ASSERT_FALSE(peeked.ok());
  EXPECT_EQ(peeked.error().code(), ErrorCode::kMalformed);
}

TEST_F(ReceiptTest, CheckForLicenceAcceptsTheMatchingReceipt) {
  const std::string digest = Sha256Hex(AsBytes(kLicenceEnvelope));
  const UnixSeconds now = *ParseInstant("2027-03-01T00:00:00Z");
  auto opened = OpenReceipt(AsBytes(Make(receipt_)), instance_.public_key(), "receipt.fr");
  ASSERT_OK(opened);
  EXPECT_OK(CheckReceiptForLicence(*opened, licence_, digest, now, "receipt.fr"));
  // Destroyed at the instant of issue, checked at the instant of destruction: both bounds hold.
  Receipt edge = receipt_;
  edge.destroyed_at = licence_.issued_at;
  auto edge_opened = OpenReceipt(AsBytes(Make(edge)), instance_.public_key(), "receipt.fr");
  ASSERT_OK(edge_opened);
  EXPECT_OK(CheckReceiptForLicence(*edge_opened, licence_, digest, licence_.issued_at, "r"));
}

TEST_F(ReceiptTest, CheckForLicenceListsEveryMismatch) {
  const std::string digest = Sha256Hex(AsBytes(kLicenceEnvelope));
  Receipt wrong = receipt_;
  wrong.serial = "FRL-5EC0DE0000000002";
  wrong.licence_sha256 = std::string(64, '0');
  wrong.nonce = Bytes(16, 0xEE);
  wrong.machine_fingerprint = std::string(64, 'f');
  wrong.destroyed_at = licence_.issued_at - 1;
  auto opened = OpenReceipt(AsBytes(Make(wrong)), instance_.public_key(), "receipt.fr");
  ASSERT_OK(opened);
  ServerLicence other_instance = licence_;
  other_instance.instance_public_key = other_.public_key().bytes();
  auto checked = CheckReceiptForLicence(*opened, other_instance, digest,
                                        *ParseInstant("2027-03-01T00:00:00Z"), "receipt.fr");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code(), ErrorCode::kRefused);
  std::vector<std::string> fields;
  for (const auto& p : checked.error().problems()) fields.push_back(p.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"serial", "licence_sha256", "nonce", "instance_public_key",
                                      "machine_fingerprint", "destroyed_at"}));
  Receipt future = receipt_;
  future.destroyed_at = *ParseInstant("2027-03-01T00:00:01Z");
  auto future_opened = OpenReceipt(AsBytes(Make(future)), instance_.public_key(), "receipt.fr");
  ASSERT_OK(future_opened);
  auto in_future = CheckReceiptForLicence(*future_opened, licence_, digest,
                                          *ParseInstant("2027-03-01T00:00:00Z"), "receipt.fr");
  ASSERT_FALSE(in_future.ok());
  EXPECT_EQ(in_future.error().problems().at(0).message, "is in the future");
}

}  // namespace
}  // namespace frlic
