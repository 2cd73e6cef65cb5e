// frlic keygen --out DIR: a new issuer keyring.
#include <iostream>

#include "cli.h"
#include "frlic/keys/keyring.h"

namespace frlic::cli {

void AddKeygen(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "keygen", "Create an issuer keyring: an Ed25519 signing key and an X25519 RIF key");
  auto out = std::make_shared<std::string>();
  auto moderate = std::make_shared<bool>(false);
  command->add_option("--out", *out, "Directory for the new keyring (created 0700)")->required();
  command->add_flag("--moderate-kdf", *moderate,
                    "Stretch the passphrase harder (Argon2id 3 passes, 256 MiB; default 2, 64 MiB)");
  AddPassphraseOption(command, options);
  AddJsonFlag(command, options);
  commands.push_back({command, [&options, out, moderate]() {
    auto clock = MakeClock();
    if (!clock.ok()) return ReportError(options, clock.error());
    auto passphrase = ReadPassphrase(options, /*confirm=*/true);
    if (!passphrase.ok()) return ReportError(options, passphrase.error());
    SystemRandom random;  // keys are never made from a seed
    auto keyring = Keyring::Generate(*out, *passphrase,
                                     *moderate ? KdfCost::Moderate() : KdfCost::Interactive(),
                                     **clock, random);
    if (!keyring.ok()) return ReportError(options, keyring.error());
    nlohmann::ordered_json result;
    result["keyring"] = *out;
    result["signing_key_id"] = keyring->ActiveSigningKey()->key_id;
    result["rif_key_id"] = keyring->ActiveRifKey()->key_id;
    return ReportSuccess(options, result, [&] {
      std::cout << "Created keyring " << *out << "\n"
                << "  signing key " << keyring->ActiveSigningKey()->key_id << " (ed25519)\n"
                << "  RIF key     " << keyring->ActiveRifKey()->key_id << " (x25519)\n";
    });
  }});
}

}  // namespace frlic::cli
