#include "frlic/customer/licence_server.h"

#include <zip.h>

#include "frlic/artifact/server_package.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/customer/machine_dir.h"
#include "frlic/keys/sealed_box.h"
#include "frlic/licence/container_licence.h"
#include "frlic/licence/receipt.h"

namespace frlic {

Result<StartedServer> StartLicenceServer(const std::string& package_path,
                                         const std::string& machine_dir, const Keyring& issuer,
                                         UnixSeconds now) {
  FRLIC_ASSIGN_OR_RETURN(ServerPackageContents contents, ReadServerPackage(package_path));
  FRLIC_ASSIGN_OR_RETURN(ServerLicence licence,
                         OpenServerLicence(AsBytes(contents.licence_envelope), issuer,
                                           package_path + ": config/license.json"));
  FRLIC_RETURN_IF_ERROR(CheckPackagePlatform(contents, licence.platform, package_path));
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
  if (IsExpired(licence.terms.expires, now)) {
    return Error(ErrorCode::kRefused, "licence " + licence.serial + " expired on " +
                                          FormatDate(licence.terms.expires) +
                                          " (30000 LICENSE_EXPIRED)");
  }
  return StartedServer{std::move(licence), Sha256Hex(AsBytes(contents.licence_envelope)),
                       std::move(instance).value()};
}

Result<std::string> DestroyLicenceServer(const StartedServer& server,
                                         const std::string& package_path, UnixSeconds now) {
  Receipt receipt;
  receipt.serial = server.licence.serial;
  receipt.licence_sha256 = server.licence_sha256;
  receipt.nonce = server.licence.nonce;
  receipt.instance_public_key = server.instance_key.public_key().bytes();
  receipt.machine_fingerprint = server.licence.machine_fingerprint;
  receipt.destroyed_at = now;
  FRLIC_ASSIGN_OR_RETURN(std::string signed_receipt, MakeReceipt(receipt, server.instance_key));
  // The key material goes first: a receipt must never exist for a server that can still start.
  int error = 0;
  zip_t* archive = zip_open(package_path.c_str(), 0, &error);
  if (archive == nullptr) {
    return Error(ErrorCode::kIo, "cannot open " + package_path + " to destroy its key");
  }
  const std::string entry = std::string(kPackageRoot) + "config/instance.key.sealed";
  const zip_int64_t index = zip_name_locate(archive, entry.c_str(), ZIP_FL_ENC_RAW);
  if (index < 0 || zip_delete(archive, static_cast<zip_uint64_t>(index)) != 0 ||
      zip_close(archive) != 0) {
    zip_discard(archive);
    return Error(ErrorCode::kIo, "cannot delete " + entry + " from " + package_path);
  }
  return signed_receipt;
}

}  // namespace frlic
