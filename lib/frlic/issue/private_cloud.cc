#include "frlic/issue/private_cloud.h"

#include <filesystem>

#include "frlic/licence/server_licence.h"
#include "frlic/artifact/server_package.h"
#include "frlic/core/strict_json.h"
#include "frlic/keys/sealed_box.h"
#include "frlic/licence/envelope.h"

namespace frlic {
namespace {

// A binaries directory with this file holds stand-ins, not the vendor's real servers.
constexpr char kStandInMarker[] = "STAND-IN";

Result<std::string> ServerBinaryFor(const PackageSources& sources, Platform platform) {
  const std::filesystem::path dir(sources.server_binaries_dir);
  if (PathExists((dir / kStandInMarker).string()) && !sources.allow_stand_ins) {
    return Error(ErrorCode::kRefused,
                 sources.server_binaries_dir + " holds stand-in server binaries, not real ones",
                 "name the directory of the vendor's server builds with --server-binaries");
  }
  const std::string path = (dir / PlatformName(platform) / ServerBinaryName(platform)).string();
  if (!PathExists(path)) {
    return Error(ErrorCode::kNotFound,
                 "no server binary for " + std::string(PlatformName(platform)) + ": " + path +
                     " does not exist",
                 "--server-binaries must hold <platform>/server (server.exe on Windows)");
  }
  return path;
}

}  // namespace

Result<MachineInfo> OpenRif(const std::string& rif_path, const Keyring& keyring,
                            const SecretBytes& passphrase) {
  FRLIC_ASSIGN_OR_RETURN(Bytes rif, ReadFile(rif_path, 1 << 20));
  FRLIC_ASSIGN_OR_RETURN(std::string rif_key_id, RifKeyIdOf(rif, rif_path));
  FRLIC_ASSIGN_OR_RETURN(RifKey rif_key, keyring.UnlockRifKey(passphrase, rif_key_id));
  return OpenMachineInfo(rif, rif_key, rif_path);
}

Result<BuiltPackage> BuildServerPackage(const std::string& path, Overwrite overwrite,
                                        const std::string& serial, const std::string& order_id,
                                        const Terms& terms, const MachineInfo& machine,
                                        const PackageSources& sources, const Keyring& keyring,
                                        const Signer& signer, const Clock& clock, Random& random) {
  FRLIC_ASSIGN_OR_RETURN(std::string binary, ServerBinaryFor(sources, machine.platform()));
  FRLIC_ASSIGN_OR_RETURN(Bytes readme_template, ReadFile(sources.readme_template, 1 << 20));

  // A fresh instance key per package: its public half is signed into the licence, its seed
  // travels sealed to the machine key, so the package is useless on other hardware.
  auto instance = Ed25519PrivateKey::Generate(random);
  ServerLicence licence;
  licence.serial = serial;
  licence.key_id = signer.key_id;
  licence.issued_at = clock.Now();
  licence.order_id = order_id;
  licence.terms = terms;
  licence.machine_fingerprint = machine.fingerprint();
  licence.platform = machine.platform();
  licence.instance_public_key = instance.public_key().bytes();
  licence.nonce.resize(kReceiptNonceSize);
  random.Fill(licence.nonce);
  const std::string payload = ServerLicencePayload(licence);
  FRLIC_ASSIGN_OR_RETURN(std::string envelope,
                         MakeEnvelope(kServerLicenceType, AsBytes(payload), signer));
  if (auto reopened = OpenServerLicence(AsBytes(envelope), keyring, path); !reopened.ok()) {
    return Error(ErrorCode::kInternal,
                 "the server licence did not verify after signing: " + reopened.error().message());
  }
  FRLIC_ASSIGN_OR_RETURN(Bytes sealed,
                         SealTo(machine.machine_public_key(), instance.seed().reveal(), random));

  FRLIC_ASSIGN_OR_RETURN(std::string readme,
                         RenderServerReadme(AsText(readme_template), machine.platform(), serial,
                                            terms.company, FormatDate(terms.expires)));
  ServerPackageInput input{envelope, sealed, machine.platform(), binary, readme, licence.issued_at};
  FRLIC_ASSIGN_OR_RETURN(
      StagedFile staged,
      StagedFile::StageWith(path, {0644, overwrite}, [&](const std::string& temp) {
        return WriteServerPackage(input, temp);
      }));
  // Re-open what was written, as the customer's server will, before it is recorded.
  FRLIC_ASSIGN_OR_RETURN(ServerPackageContents contents, ReadServerPackage(staged.temp_path()));
  FRLIC_RETURN_IF_ERROR(CheckPackagePlatform(contents, machine.platform(), staged.temp_path()));
  if (contents.licence_envelope != envelope || contents.sealed_instance_key != sealed ||
      !contents.server_binary_executable) {
    return Error(ErrorCode::kInternal,
                 "the package written to " + staged.temp_path() + " does not read back as written");
  }
  FRLIC_ASSIGN_OR_RETURN(std::string digest, Sha256FileHex(staged.temp_path()));
  Json extra = {{"licence_sha256", Sha256Hex(AsBytes(envelope))},
                {"nonce", Base64Encode(licence.nonce)},
                {"platform", PlatformName(machine.platform())}};
  return BuiltPackage{std::move(staged), digest, HexEncode(ByteView(licence.instance_public_key)),
                      machine.fingerprint(), extra.dump()};
}

}  // namespace frlic
