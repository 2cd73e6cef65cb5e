// frlic-sim machine: the reference machine tool. Reads the licence-server host's facts (each
// can be overridden by a flag, for fixtures of every platform), makes the machine's X25519 key
// pair and writes DIR/require/MachineInfo.rif (sealed to the issuer's RIF key), DIR/machine.key
// (0600) and DIR/machine.json.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <regex>

#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/customer/host_facts.h"
#include "frlic/customer/machine_dir.h"
#include "frlic/keys/key_id.h"
#include "frlic/keys/keyring.h"
#include "frlic/keys/pem.h"
#include "frlic/machine/machine_info.h"
#include "sim.h"

namespace frlic::sim {
namespace {

struct MachineOptions {
  std::string issuer_key;
  std::string out;
  std::string platform;
  std::string hostname;
  std::string os;
  std::string machine_id;
  std::vector<std::string> macs;
  std::string tool_version = std::string("frlic-sim ") + FRLIC_VERSION;
  bool force = false;
};

struct IssuerRifKey {
  std::string key_id;
  X25519PublicKey key;
};

// PATH is a keyring directory (its newest active RIF key) or a rif-KEYID.pub.pem file.
Result<IssuerRifKey> LoadIssuerRifKey(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    FRLIC_ASSIGN_OR_RETURN(Keyring keyring, Keyring::Load(path));
    const KeyEntry* entry = keyring.ActiveRifKey();
    if (entry == nullptr) {
      return Error(ErrorCode::kNotFound, "the keyring " + path + " has no active RIF key");
    }
    FRLIC_ASSIGN_OR_RETURN(X25519PublicKey key, X25519PublicKey::FromBytes(entry->public_key));
    return IssuerRifKey{entry->key_id, key};
  }
  const std::string hint =
      "--issuer-key takes the issuer's RIF public key (rif-KEYID.pub.pem) or its keyring "
      "directory";
  auto pem = ReadFile(path, 1 << 16);
  if (!pem.ok()) return Error(pem.error().code(), pem.error().message(), hint);
  auto raw = PublicKeyFromPem(AsText(*pem), KeyAlgorithm::kX25519);
  if (!raw.ok()) {
    return Error(raw.error().code(),
                 path + " is not an X25519 public key: " + raw.error().message(), hint);
  }
  FRLIC_ASSIGN_OR_RETURN(X25519PublicKey key, X25519PublicKey::FromBytes(*raw));
  const std::string key_id = DeriveKeyId(KeyAlgorithm::kX25519, *raw);
  // A file named after a key must hold that key.
  static const std::regex kNamed("rif-([0-9a-f]{16})\\.pub\\.pem");
  std::smatch match;
  const std::string name = std::filesystem::path(path).filename().string();
  if (std::regex_match(name, match, kNamed) && match[1].str() != key_id) {
    return Error(ErrorCode::kInvalidInput,
                 path + " is named after RIF key " + match[1].str() + " but holds key " + key_id,
                 hint);
  }
  return IssuerRifKey{key_id, key};
}

// The host's facts, each from its flag when given, else read from the host. Every fact that
// cannot be read is reported, each with the flag that supplies it.
struct Facts {
  Platform platform = Platform::kLinuxAmd64;
  std::string hostname;
  std::string os;
  HardwareFacts hardware;
};

Result<Facts> GatherFacts(const MachineOptions& options) {
  Facts facts;
  std::vector<Problem> problems;
  std::optional<ErrorCode> code;
  auto record = [&](const char* flag, const Error& error) {
    code = code.value_or(error.code());
    problems.push_back({{}, 0, 0, flag, error.message(), {}, {}});
  };
  if (!options.platform.empty()) {
    if (auto platform = ParsePlatform(options.platform)) {
      facts.platform = *platform;
    } else {
      record("--platform",
             Error(ErrorCode::kInvalidInput,
                   "\"" + options.platform + "\" is not one of " + PlatformNameList()));
    }
  } else if (auto platform = ReadHostPlatform(); platform.ok()) {
    facts.platform = *platform;
  } else {
    record("--platform", platform.error());
  }
  if (!options.hostname.empty()) {
    facts.hostname = options.hostname;
  } else if (auto hostname = ReadHostHostname(); hostname.ok()) {
    facts.hostname = *hostname;
  } else {
    record("--hostname", hostname.error());
  }
  if (!options.os.empty()) {
    facts.os = options.os;
  } else if (auto os = ReadHostOs(); os.ok()) {
    facts.os = *os;
  } else {
    record("--os", os.error());
  }
  std::string machine_id = options.machine_id;
  if (machine_id.empty()) {
    if (auto id = ReadHostMachineId(); id.ok()) {
      machine_id = *id;
    } else {
      record("--machine-id", id.error());
    }
  }
  std::vector<std::string> macs = options.macs;
  if (macs.empty()) {
    if (auto host = ReadHostMacs(); host.ok()) {
      macs = *host;
    } else {
      record("--mac", host.error());
    }
  }
  if (auto hardware = NormalizeHardwareFacts(machine_id, macs); hardware.ok()) {
    facts.hardware = std::move(hardware).value();
  } else {
    code = code.value_or(hardware.error().code());
    for (auto problem : hardware.error().problems()) {
      problem.field = "--" + problem.field;
      problems.push_back(std::move(problem));
    }
  }
  if (!problems.empty()) {
    return Error(*code, "cannot determine the host's facts", std::move(problems))
        .WithHint("pass the facts that cannot be read as flags (see frlic-sim machine --help)");
  }
  return facts;
}

int Run(const MachineOptions& options) {
  auto issuer = LoadIssuerRifKey(options.issuer_key);
  if (!issuer.ok()) return ReportError(issuer.error());
  auto now = SimNow();
  if (!now.ok()) return ReportError(now.error());
  auto random = SimRandom("the machine key");
  if (!random.ok()) return ReportError(random.error());
  auto facts = GatherFacts(options);
  if (!facts.ok()) return ReportError(facts.error());
  // Refuse before making anything when the directory already holds a machine; first because
  // its key was retired by `server -destroy` (seed 001: regenerate the RIF after uninstalling).
  if (!options.force) {
    if (auto retired = CheckMachineKeyNotRetired(options.out); !retired.ok()) {
      const Error& error = retired.error();
      if (error.code() != ErrorCode::kRefused) return ReportError(error);
      return ReportError(Error(ErrorCode::kRefused,
                               error.message() + "; the tool will not export a MachineInfo.rif "
                                                 "for a retired key",
                               "regenerate the machine key and MachineInfo.rif: frlic-sim "
                               "machine --out " +
                                   options.out + " --regenerate"));
    }
    for (const std::string& path :
         {MachineKeyPath(options.out), MachineJsonPath(options.out), MachineRifPath(options.out)}) {
      if (PathExists(path)) {
        return ReportError(Error(ErrorCode::kRefused,
                                 options.out + " already holds a machine (" + path + " exists)",
                                 "a new MachineInfo.rif comes with a new machine key, and a "
                                 "licence issued for the old one will no longer install; to do "
                                 "that anyway, pass --force"));
      }
    }
  }
  const X25519PrivateKey machine_key = X25519PrivateKey::Generate(**random);
  auto info = MachineInfo::Create(facts->platform, facts->hostname, facts->os, facts->hardware,
                                  machine_key.public_key(), options.tool_version, *now);
  if (!info.ok()) {
    return ReportError(Error(info.error().code(), info.error().message(), info.error().problems())
                           .WithHint("correct the host fact, or give it with its flag: "
                                     "--hostname, --os, --machine-id, --mac, --tool-version"));
  }
  auto rif = SealMachineInfo(*info, issuer->key, issuer->key_id, **random);
  if (!rif.ok()) return ReportError(rif.error());
  Status written = WriteMachineDir(options.out, *info, machine_key, *rif,
                                   options.force ? Overwrite::kYes : Overwrite::kNo);
  if (!written.ok()) return ReportError(written.error());
  std::cout << "wrote: " << MachineRifPath(options.out) << "\n"
            << "machine key: " << MachineKeyPath(options.out)
            << " (0600; it must stay on this host)\n"
            << "machine info: " << MachineJsonPath(options.out) << "\n"
            << "sealed to RIF key: " << issuer->key_id << "\n"
            << "platform: " << PlatformName(info->platform()) << "\n"
            << "hostname: " << info->hostname() << "\n"
            << "fingerprint: " << info->fingerprint() << "\n"
            << "Send " << MachineRifPath(options.out)
            << " to the issuer's business team as an attachment.\n";
  return 0;
}

}  // namespace

void AddMachine(CLI::App& app, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "machine",
      "The reference machine tool: export require/MachineInfo.rif from the licence-server host");
  auto options = std::make_shared<MachineOptions>();
  command
      ->add_option("--issuer-key", options->issuer_key,
                   "The issuer's RIF public key (rif-KEYID.pub.pem) or a keyring directory "
                   "(its active RIF key)")
      ->required();
  command
      ->add_option("--out", options->out,
                   "Directory to write require/MachineInfo.rif, machine.key and machine.json to")
      ->required();
  command->add_option("--platform", options->platform,
                      "Platform instead of the host's: " + PlatformNameList());
  command->add_option("--hostname", options->hostname, "Host name instead of gethostname()");
  command->add_option("--os", options->os, "Operating system instead of os-release PRETTY_NAME");
  command->add_option("--machine-id", options->machine_id, "Machine id instead of /etc/machine-id");
  command
      ->add_option("--mac", options->macs,
                   "A MAC address (repeatable) instead of the host's physical interfaces'")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_option("--tool-version", options->tool_version, "The tool version to record")
      ->default_val(options->tool_version);
  command->add_flag("--force,--regenerate", options->force,
                    "Replace an existing machine in --out with a fresh key pair and RIF (needed "
                    "after server -destroy retired the key; licences issued for the old RIF no "
                    "longer install)");
  commands.push_back({command, [options]() { return Run(*options); }});
}

}  // namespace frlic::sim
