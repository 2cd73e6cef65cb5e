// MachineInfo.rif on disk (docs/formats.md, "MachineInfo.rif"): a two-line header naming the
// issuer's RIF key, then the machine information in a libsodium sealed box to that key.
#include <sodium.h>

#include <array>
#include <cstring>

#include "frlic/core/sodium.h"
#include "frlic/keys/key_id.h"
#include "frlic/machine/machine_info.h"
#include "internal/shown.h"

namespace frlic {
namespace {

using machine_internal::Shown;

constexpr std::string_view kMagic = kRifMagic;  // "frlic-rif-v1\n"
constexpr std::string_view kMagicStem = "frlic-rif-v";
constexpr std::size_t kKeyIdLine = 17;  // 16 hex digits and a line feed
constexpr std::size_t kHeaderSize = kMagic.size() + kKeyIdLine;

constexpr char kRifHint[] =
    "MachineInfo.rif is the file the machine tool writes to require/ on the licence-server host";

struct Header {
  std::string key_id;
  ByteView box;
};

Error Truncated(const std::string& file_name, const std::string& where) {
  return Error(ErrorCode::kMalformed, file_name + " is truncated: it ends " + where,
               "ask the customer for a fresh copy of require/MachineInfo.rif, sent unmodified "
               "as an attachment");
}

Result<Header> ParseHeader(ByteView file, const std::string& file_name) {
  const std::string_view text = AsText(file);
  if (file.empty()) {
    return Error(ErrorCode::kMalformed, file_name + " is empty: not a MachineInfo.rif", kRifHint);
  }
  if (file.size() > kMaxRifSize) {
    return Error(ErrorCode::kMalformed,
                 file_name + " is too large for a MachineInfo.rif (" + std::to_string(file.size()) +
                     " bytes; at most " + std::to_string(kMaxRifSize) + ")",
                 kRifHint);
  }
  if (text.size() < kMagic.size() && kMagic.substr(0, text.size()) == text) {
    return Truncated(file_name, "inside the \"frlic-rif-v1\" header");
  }
  if (text.substr(0, kMagic.size()) != kMagic) {
    if (text.substr(0, kMagic.size() + 1) == "frlic-rif-v1\r\n") {
      return Error(ErrorCode::kMalformed,
                   file_name +
                       " has Windows line endings (CRLF) in its header: it was converted "
                       "as text on its way",
                   "send and save MachineInfo.rif as a binary attachment, unmodified");
    }
    // "frlic-rif-vN\n" with another N: a newer format, not a foreign file.
    if (text.substr(0, kMagicStem.size()) == kMagicStem) {
      const std::size_t end = text.find('\n', kMagicStem.size());
      const std::string_view version =
          end == std::string_view::npos ? std::string_view()
                                        : text.substr(kMagicStem.size(), end - kMagicStem.size());
      const bool digits = !version.empty() && version.size() <= 9 &&
                          version.find_first_not_of("0123456789") == std::string_view::npos;
      if (digits) {
        return Error(ErrorCode::kMalformed,
                     file_name + " is a MachineInfo.rif of version " + std::string(version) +
                         "; this frlic reads version 1",
                     "the machine tool is newer than this frlic: upgrade frlic");
      }
    }
    return Error(ErrorCode::kMalformed,
                 file_name +
                     " is not a MachineInfo.rif (it does not start with \"frlic-rif-v1\"; "
                     "it starts with " +
                     Shown(text.substr(0, 16)) + ")",
                 kRifHint);
  }
  const std::string_view line = text.substr(kMagic.size(), kKeyIdLine);
  if (line.size() < kKeyIdLine) {
    const std::string_view partial = line.substr(0, line.find('\n'));
    if (partial.size() == line.size() &&
        partial.find_first_not_of("0123456789abcdef") == std::string_view::npos) {
      return Truncated(file_name, "inside the header's RIF key id");
    }
  }
  if (line.size() < kKeyIdLine || line[16] != '\n' || !IsWellFormedKeyId(line.substr(0, 16))) {
    return Error(ErrorCode::kMalformed,
                 file_name + "'s second line is not a RIF key id (found " +
                     Shown(line.substr(0, line.find('\n'))) +
                     ", expected 16 lower-case hex digits and a line feed)",
                 kRifHint);
  }
  return Header{std::string(line.substr(0, 16)), file.subspan(kHeaderSize)};
}

Status CheckSealInputs(const X25519PublicKey& rif_public, const std::string& rif_key_id) {
  if (!IsWellFormedKeyId(rif_key_id)) {
    return Error(ErrorCode::kInvalidInput,
                 "the RIF key id " + Shown(rif_key_id) + " is not 16 lower-case hex digits");
  }
  const std::string derived = DeriveKeyId(KeyAlgorithm::kX25519, rif_public.bytes());
  if (derived != rif_key_id) {
    return Error(ErrorCode::kInvalidInput, "the RIF key id " + rif_key_id +
                                               " does not name this public key (its id is " +
                                               derived + ")");
  }
  if (!IsUsableX25519PublicKey(rif_public)) {
    return Error(ErrorCode::kInvalidInput,
                 "the issuer's RIF key " + rif_key_id +
                     " is not a usable X25519 public key (non-canonical or of low order)");
  }
  return Ok();
}

Bytes HeaderBytes(const std::string& rif_key_id) {
  return ToBytes(std::string(kMagic) + rif_key_id + "\n");
}

}  // namespace

Result<Bytes> SealMachineInfo(const MachineInfo& info, const X25519PublicKey& rif_public,
                              const std::string& rif_key_id) {
  RequireSodium();
  FRLIC_RETURN_IF_ERROR(CheckSealInputs(rif_public, rif_key_id));
  const std::string plaintext = info.ToJson();
  Bytes out = HeaderBytes(rif_key_id);
  const std::size_t header = out.size();
  out.resize(header + crypto_box_SEALBYTES + plaintext.size());
  if (crypto_box_seal(out.data() + header, reinterpret_cast<const unsigned char*>(plaintext.data()),
                      plaintext.size(), rif_public.bytes().data()) != 0) {
    return Error(ErrorCode::kInternal, "crypto_box_seal failed");
  }
  return out;
}

Result<Bytes> SealMachineInfo(const MachineInfo& info, const X25519PublicKey& rif_public,
                              const std::string& rif_key_id, Random& random) {
  RequireSodium();
  FRLIC_RETURN_IF_ERROR(CheckSealInputs(rif_public, rif_key_id));
  // crypto_box_seal, with the ephemeral key pair from a 32-byte seed drawn from `random`
  // (crypto_box_seed_keypair, as keys/sealed_box.h's SealTo): epk || crypto_box_easy(m,
  // nonce, rif_public, esk) where nonce = BLAKE2b-192(epk || rif_public).
  SecretBytes seed(crypto_box_SEEDBYTES);
  random.Fill(seed.reveal_mutable());
  std::array<std::uint8_t, crypto_box_PUBLICKEYBYTES> epk{};
  SecretBytes esk(crypto_box_SECRETKEYBYTES);
  crypto_box_seed_keypair(epk.data(), esk.reveal_mutable().data(), seed.reveal().data());
  unsigned char nonce[crypto_box_NONCEBYTES];
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof nonce);
  crypto_generichash_update(&state, epk.data(), epk.size());
  crypto_generichash_update(&state, rif_public.bytes().data(), rif_public.bytes().size());
  crypto_generichash_final(&state, nonce, sizeof nonce);
  const std::string plaintext = info.ToJson();
  Bytes out = HeaderBytes(rif_key_id);
  const std::size_t header = out.size();
  out.resize(header + crypto_box_SEALBYTES + plaintext.size());
  std::memcpy(out.data() + header, epk.data(), epk.size());
  if (crypto_box_easy(out.data() + header + epk.size(),
                      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                      nonce, rif_public.bytes().data(), esk.reveal().data()) != 0) {
    return Error(ErrorCode::kInternal, "crypto_box_easy failed");
  }
  return out;
}

Result<std::string> RifKeyIdOf(ByteView file, const std::string& file_name) {
  FRLIC_ASSIGN_OR_RETURN(Header header, ParseHeader(file, file_name));
  return header.key_id;
}

Result<MachineInfo> OpenMachineInfo(ByteView file, const RifKey& rif_key,
                                    const std::string& file_name) {
  RequireSodium();
  FRLIC_ASSIGN_OR_RETURN(Header header, ParseHeader(file, file_name));
  if (header.key_id != rif_key.key_id) {
    return Error(ErrorCode::kUnknownKey,
                 file_name + " is sealed to another issuer's key " + header.key_id +
                     ", not to this issuer's RIF key " + rif_key.key_id,
                 "ask the customer to run the machine tool again with this issuer's RIF public "
                 "key (rif-" +
                     rif_key.key_id + ".pub.pem)");
  }
  if (header.box.size() <= crypto_box_SEALBYTES) {
    return Truncated(file_name, "inside the sealed machine information (" +
                                    std::to_string(header.box.size()) + " bytes; more than " +
                                    std::to_string(crypto_box_SEALBYTES) + " expected)");
  }
  Bytes plaintext(header.box.size() - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(plaintext.data(), header.box.data(), header.box.size(),
                           rif_key.key.public_key().bytes().data(),
                           rif_key.key.secret().reveal().data()) != 0) {
    return Error(ErrorCode::kBadSignature,
                 file_name + " does not open with RIF key " + rif_key.key_id +
                     ": the file is damaged, or it was sealed to another key and its header "
                     "altered",
                 "ask the customer for a fresh copy of require/MachineInfo.rif, sent unmodified "
                 "as an attachment");
  }
  return ParseMachineInfoJson(AsText(plaintext), file_name);
}

Result<MachineInfo> OpenMachineInfo(ByteView file, const Keyring& keyring,
                                    const SecretBytes& passphrase, const std::string& file_name) {
  FRLIC_ASSIGN_OR_RETURN(std::string key_id, RifKeyIdOf(file, file_name));
  std::string held;
  bool found = false;
  for (const auto& key : keyring.keys()) {
    if (key.purpose != KeyPurpose::kRif) continue;
    found = found || key.key_id == key_id;
    held += (held.empty() ? "" : ", ") + key.key_id;
  }
  if (!found) {
    return Error(ErrorCode::kUnknownKey,
                 file_name + " is sealed to another issuer's key " + key_id + "; the keyring " +
                     keyring.directory() + " holds RIF key" +
                     (held.find(',') != std::string::npos ? "s " : " ") +
                     (held.empty() ? "(none)" : held),
                 "the customer ran the machine tool with another issuer's RIF public key; send "
                 "them rif-KEYID.pub.pem of this keyring and ask for a new MachineInfo.rif");
  }
  FRLIC_ASSIGN_OR_RETURN(RifKey rif_key, keyring.UnlockRifKey(passphrase, key_id));
  return OpenMachineInfo(file, rif_key, file_name);
}

}  // namespace frlic
