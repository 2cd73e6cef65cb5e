#include "frlic/customer/licence_server.h"

#include <zip.h>

#include <optional>

#include "frlic/artifact/server_package.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/customer/machine_dir.h"
#include "frlic/keys/sealed_box.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/receipt.h"

namespace frlic {
namespace {

const std::string kSealedKeyEntry = std::string(kPackageRoot) + "config/instance.key.sealed";
const std::string kLicenceEntry = std::string(kPackageRoot) + "config/license.json";

// When `package_path` is a package whose instance key -destroy deleted (license.json present
// and verifying, instance.key.sealed absent), the kConflict that says so; else nullopt, and
// the caller reports why the package does not read.
std::optional<Error> DestroyedPackage(const std::string& package_path,
                                      const std::string& machine_dir, const Keyring& issuer) {
  int error = 0;
  zip_t* archive = zip_open(package_path.c_str(), ZIP_RDONLY, &error);
  if (archive == nullptr) return std::nullopt;
  std::optional<Error> destroyed;
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_name_locate(archive, kSealedKeyEntry.c_str(), ZIP_FL_ENC_RAW) < 0 &&
      zip_stat(archive, kLicenceEntry.c_str(), ZIP_FL_ENC_RAW, &stat) == 0 &&
      (stat.valid & ZIP_STAT_SIZE) != 0 && stat.size <= kMaxPackageTextSize) {
    std::string envelope(stat.size, '\0');
    zip_file_t* file = zip_fopen(archive, kLicenceEntry.c_str(), ZIP_FL_ENC_RAW);
    if (file != nullptr &&
        zip_fread(file, envelope.data(), stat.size) == static_cast<zip_int64_t>(stat.size)) {
      if (auto licence = OpenServerLicence(AsBytes(envelope), issuer, package_path); licence.ok()) {
        std::string when;
        if (auto retired = ReadRetiredMachineKeys(machine_dir); retired.ok()) {
          for (const RetiredMachineKey& record : *retired) {
            if (record.serial == licence->serial) {
              when = " on " + FormatInstant(record.destroyed_at);
            }
          }
        }
        destroyed = Error(ErrorCode::kConflict,
                          "licence server " + licence->serial + " (" + package_path +
                              ") was already destroyed" + when +
                              ": its instance key is gone, so it does not start and cannot be "
                              "destroyed again",
                          "send the receipt.fr written by the first -destroy, with a newly "
                          "generated MachineInfo.rif, to the issuer");
      }
    }
    if (file != nullptr) zip_fclose(file);
  }
  zip_discard(archive);
  return destroyed;
}

}  // namespace

Result<StartedServer> StartLicenceServer(const std::string& package_path,
                                         const std::string& machine_dir, const Keyring& issuer,
                                         UnixSeconds now) {
  auto read = ReadServerPackage(package_path);
  if (!read.ok()) {
    if (auto destroyed = DestroyedPackage(package_path, machine_dir, issuer))
      return *std::move(destroyed);
    return std::move(read).error();
  }
  ServerPackageContents contents = std::move(read).value();
  FRLIC_ASSIGN_OR_RETURN(ServerLicence licence,
                         OpenServerLicence(AsBytes(contents.licence_envelope), issuer,
                                           package_path + ": config/license.json"));
  FRLIC_RETURN_IF_ERROR(CheckPackagePlatform(contents, licence.platform, package_path));
  // LoadMachineDir refuses a machine key retired by a destroyed server.
  FRLIC_ASSIGN_OR_RETURN(MachineDir machine, LoadMachineDir(machine_dir));
  if (machine.info.fingerprint() != licence.machine_fingerprint) {
    return Error(ErrorCode::kRefused,
                 "this package is bound to machine " + licence.machine_fingerprint +
                     ", but this host is " + machine.info.fingerprint(),
                 "a package runs only on the host whose MachineInfo.rif it was issued for");
  }
  auto seed = OpenSealed(contents.sealed_instance_key, machine.key);
  if (!seed.ok()) return std::move(seed).error().Context(package_path);
  auto claimed = Ed25519PublicKey::FromBytes(ByteView(licence.instance_public_key));
  auto instance = Ed25519PrivateKey::FromSeed(*seed, &claimed.value());
  if (!instance.ok()) return std::move(instance).error().Context(package_path);
  const bool expired = IsExpired(licence.terms.expires, now);
  return StartedServer{std::move(licence), Sha256Hex(AsBytes(contents.licence_envelope)),
                       std::move(instance).value(), expired};
}

Result<DestroyedServer> DestroyLicenceServer(
    const StartedServer& server, const std::string& package_path, const std::string& machine_dir,
    UnixSeconds now, const std::function<Status(const std::string&)>& keep_receipt) {
  Receipt receipt;
  receipt.serial = server.licence.serial;
  receipt.licence_sha256 = server.licence_sha256;
  receipt.nonce = server.licence.nonce;
  receipt.instance_public_key = server.instance_key.public_key().bytes();
  receipt.machine_fingerprint = server.licence.machine_fingerprint;
  receipt.destroyed_at = now;
  DestroyedServer destroyed;
  FRLIC_ASSIGN_OR_RETURN(destroyed.receipt, MakeReceipt(receipt, server.instance_key));
  // Everything that can refuse is checked before anything is destroyed: once the instance key
  // is gone, no receipt can be signed again.
  FRLIC_ASSIGN_OR_RETURN(MachineDir machine, LoadMachineDir(machine_dir));
  FRLIC_RETURN_IF_ERROR(ReadRetiredMachineKeys(machine_dir));
  if (keep_receipt) FRLIC_RETURN_IF_ERROR(keep_receipt(destroyed.receipt));
  // The key material goes first: a receipt must never be the only proof for a server that can
  // still start.
  int error = 0;
  zip_t* archive = zip_open(package_path.c_str(), 0, &error);
  if (archive == nullptr) {
    return Error(ErrorCode::kIo, "cannot open " + package_path + " to destroy its key");
  }
  const zip_int64_t index = zip_name_locate(archive, kSealedKeyEntry.c_str(), ZIP_FL_ENC_RAW);
  if (index < 0 || zip_delete(archive, static_cast<zip_uint64_t>(index)) != 0 ||
      zip_close(archive) != 0) {
    zip_discard(archive);
    return Error(ErrorCode::kIo, "cannot delete " + kSealedKeyEntry + " from " + package_path);
  }
  // Then the machine key, so a copy of the package kept elsewhere does not start either. The
  // server is destroyed whatever happens here: the receipt is returned in any case.
  if (auto retired =
          RetireMachineKey(machine_dir, machine.key.public_key(), server.licence.serial, now);
      !retired.ok()) {
    destroyed.retire_error = std::move(retired).error();
  }
  return destroyed;
}

}  // namespace frlic
