// frlic keygen --out DIR: a new issuer keyring.
#include <iostream>

#include "cli.h"
#include "frlic/keys/keyring.h"

namespace frlic::cli {

void AddKeygen(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "keygen", "Create an issuer keyring: an Ed25519 signing key and an X25519 RIF key");
  auto out = std::make_shared<std::string>();
  auto kdf = std::make_shared<std::string>("interactive");
  command->add_option("--out", *out, "Directory for the new keyring (created 0700)")->required();
  command
      ->add_option("--kdf", *kdf,
                   "Passphrase stretching (Argon2id): interactive = 2 passes, 64 MiB; "
                   "moderate = 3 passes, 256 MiB; minimal = 1 pass, 8 MiB, only for keyrings "
                   "whose passphrase is public anyway (keys-example) or throwaway test keys")
      ->check(CLI::IsMember({"interactive", "moderate", "minimal"}))
      ->default_val("interactive");
  auto token = std::make_shared<TokenKeyRequest>();
  AddTokenKeyOptions(command, *token);
  AddPassphraseOption(command, options);
  AddJsonFlag(command, options);
  commands.push_back(
      {command, [&options, out, kdf, token]() {
         auto clock = MakeClock();
         if (!clock.ok()) return ReportError(options, clock.error());
         auto passphrase = ReadPassphrase(options, /*confirm=*/true);
         if (!passphrase.ok()) return ReportError(options, passphrase.error());
         SystemRandom random;  // keys are never made from a seed
         const KdfCost cost = *kdf == "moderate"  ? KdfCost::Moderate()
                              : *kdf == "minimal" ? KdfCost::Minimal()
                                                  : KdfCost::Interactive();
         // The URI is checked before the token is asked for its PIN.
         if (!token->uri.empty()) {
           if (Status uri = CheckTokenKeyUri(token->uri); !uri.ok()) {
             return ReportError(options, uri.error());
           }
         }
         const KeyUnlock unlock = UnlockFor(options);
         auto keyring = Keyring::Generate(*out, *passphrase, cost, **clock, random,
                                          token->uri.empty() ? nullptr : token.get(), &unlock);
         if (!keyring.ok()) return ReportError(options, keyring.error());
         nlohmann::ordered_json result;
         result["keyring"] = *out;
         result["signing_key_id"] = keyring->ActiveSigningKey()->key_id;
         if (!token->uri.empty()) result["signing_key_pkcs11"] = token->uri;
         result["rif_key_id"] = keyring->ActiveRifKey()->key_id;
         return ReportSuccess(options, result, [&] {
           std::cout << "Created keyring " << *out << "\n"
                     << "  signing key " << keyring->ActiveSigningKey()->key_id << " (ed25519"
                     << (token->uri.empty() ? "" : ", in the PKCS#11 token " + token->uri) << ")\n"
                     << "  RIF key     " << keyring->ActiveRifKey()->key_id << " (x25519)\n";
         });
       }});
}

}  // namespace frlic::cli
