#include <filesystem>

#include "frlic/artifact/server_package.h"
#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/issue/machine_rules.h"
#include "frlic/keys/sealed_box.h"
#include "frlic/licence/server_licence.h"
#include "internal/private_cloud.h"
#include "internal/stand_in.h"

namespace frlic {
namespace {

Result<std::string> ServerBinaryFor(const PackageSources& sources, Platform platform) {
  const std::filesystem::path dir(sources.server_binaries_dir);
  if (HoldsStandIns(dir) && !sources.allow_stand_ins) {
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
  // libzip opens it blocking, with the ledger lock held: a FIFO would hold the lock forever.
  FRLIC_RETURN_IF_ERROR(RequireRegularFile(path, "the server binary"));
  return path;
}

}  // namespace

PackageSources PackageSourcesFor(const IssueRequest& request, const Keyring& keyring) {
  const std::string templates =
      request.templates_dir.empty() ? DefaultTemplatesDirectory() : request.templates_dir;
  PackageSources sources;
  sources.server_binaries_dir = request.server_binaries_dir.empty() ? templates + "/server-binaries"
                                                                    : request.server_binaries_dir;
  sources.readme_template = templates + "/server/README.txt.tmpl";
  sources.allow_stand_ins = keyring.is_example();
  return sources;
}

Result<MachineInfo> OpenRif(const std::string& rif_path, const Keyring& keyring,
                            const SecretBytes& passphrase) {
  FRLIC_ASSIGN_OR_RETURN(Bytes rif, ReadFile(rif_path, 1 << 20));
  FRLIC_ASSIGN_OR_RETURN(std::string rif_key_id, RifKeyIdOf(rif, rif_path));
  FRLIC_ASSIGN_OR_RETURN(RifKey rif_key, keyring.UnlockRifKey(passphrase, rif_key_id));
  return OpenMachineInfo(rif, rif_key, rif_path);
}

Result<BuiltArtifact> BuildServerPackage(const ArtifactSpec& spec, const MachineInfo& machine,
                                         const PackageSources& sources, const Issuer& issuer) {
  FRLIC_ASSIGN_OR_RETURN(std::string binary, ServerBinaryFor(sources, machine.platform()));
  FRLIC_ASSIGN_OR_RETURN(Bytes readme_template, ReadFile(sources.readme_template, 1 << 20));

  // A fresh instance key per package: its public half is signed into the licence, its seed
  // travels sealed to the machine key, so the package is useless on other hardware.
  auto instance = Ed25519PrivateKey::Generate(issuer.random);
  ServerLicence licence;
  licence.serial = spec.serial;
  licence.key_id = issuer.signer.key_id;
  licence.issued_at = issuer.clock.Now();
  licence.order_id = spec.order_id;
  licence.terms = spec.terms;
  licence.terms.port = ServerPort(spec.terms);  // as ServerLicencePayload writes it
  licence.machine_fingerprint = machine.fingerprint();
  licence.platform = machine.platform();
  licence.instance_public_key = instance.public_key().bytes();
  licence.nonce.resize(kReceiptNonceSize);
  issuer.random.Fill(licence.nonce);
  // Signing draws no randomness, so sealing first keeps the random stream as it always was.
  FRLIC_ASSIGN_OR_RETURN(
      Bytes sealed, SealTo(machine.machine_public_key(), instance.seed().reveal(), issuer.random));
  FRLIC_ASSIGN_OR_RETURN(
      std::string readme,
      RenderServerReadme(AsText(readme_template), machine.platform(), spec.serial,
                         spec.terms.company, FormatDate(spec.terms.expires)));

  ArtifactToStage artifact{
      .path = spec.path,
      .overwrite = spec.overwrite,
      .durability = spec.durability,
      .serial = spec.serial,
      .licence_name = "server licence",
      .envelope_type = kServerLicenceType,
      .payload = ServerLicencePayload(licence),
      .open_licence = [&](ByteView envelope) -> Status {
        FRLIC_RETURN_IF_ERROR(OpenServerLicence(envelope, issuer.keyring, spec.path));
        return Ok();
      },
      .write = [&](const std::string& envelope, const std::string& temp) -> Result<std::string> {
        const ServerPackageInput input{envelope, sealed, machine.platform(),
                                       binary,   readme, licence.issued_at};
        FRLIC_RETURN_IF_ERROR(WriteServerPackage(input, temp));
        return Sha256FileHex(temp);
      },
      .read_back = [&](const std::string& envelope, const std::string& temp) -> Status {
        FRLIC_ASSIGN_OR_RETURN(ServerPackageContents contents, ReadServerPackage(temp));
        FRLIC_RETURN_IF_ERROR(CheckPackagePlatform(contents, machine.platform(), temp));
        if (contents.licence_envelope != envelope || contents.sealed_instance_key != sealed ||
            !contents.server_binary_executable) {
          return Error(ErrorCode::kInternal,
                       "the package written to " + temp + " does not read back as written");
        }
        return Ok();
      },
  };
  FRLIC_ASSIGN_OR_RETURN(StagedArtifact staged, SignVerifyStage(artifact, issuer.signer));
  const Json extra = {
      {"licence_sha256", Sha256Hex(AsBytes(staged.envelope))},
      {"nonce", Base64Encode(licence.nonce)},
      {"platform", PlatformName(machine.platform())},
      {kMachinePublicKeyMember, HexEncode(ByteView(machine.machine_public_key().bytes()))}};
  return BuiltArtifact{std::move(staged.staged), std::move(staged.sha256),
                       HexEncode(ByteView(licence.instance_public_key)), machine.fingerprint(),
                       extra.dump()};
}

}  // namespace frlic
