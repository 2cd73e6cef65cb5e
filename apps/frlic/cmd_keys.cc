// frlic keys list | rotate: what a keyring holds, and adding a new signing key.
#include <iostream>

#include "cli.h"
#include "frlic/activation/activation_secret.h"
#include "frlic/core/time.h"
#include "frlic/issue/defaults.h"
#include "frlic/keys/keyring.h"

namespace frlic::cli {
namespace {

nlohmann::ordered_json KeyToJson(const KeyEntry& key, const Keyring& keyring) {
  nlohmann::ordered_json item;
  item["key_id"] = key.key_id;
  item["purpose"] = key.purpose == KeyPurpose::kSigning ? "signing" : "rif";
  item["algorithm"] = KeyAlgorithmName(key.algorithm);
  item["created"] = FormatInstant(key.created);
  item["status"] = key.status == KeyStatus::kActive ? "active" : "retired";
  const KeyEntry* in_use =
      key.purpose == KeyPurpose::kSigning ? keyring.ActiveSigningKey() : keyring.ActiveRifKey();
  item["in_use"] = in_use == &key;
  item["public"] = key.public_file;
  if (!key.pkcs11_uri.empty()) item["pkcs11"] = key.pkcs11_uri;  // kept in a token
  return item;
}

}  // namespace

void AddKeys(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* keys = app.add_subcommand("keys", "List a keyring's keys, or rotate its signing key");
  keys->require_subcommand(1);

  auto* list = keys->add_subcommand("list", "List the keys of a keyring");
  AddKeysOption(list, options);
  AddJsonFlag(list, options);
  commands.push_back({list, [&options]() {
                        auto keyring = Keyring::Load(options.KeysDir());
                        if (!keyring.ok()) return ReportError(options, keyring.error());
                        nlohmann::ordered_json result;
                        result["keyring"] = options.KeysDir();
                        result["example"] = keyring->is_example();
                        result["keys"] = nlohmann::ordered_json::array();
                        for (const auto& key : keyring->keys())
                          result["keys"].push_back(KeyToJson(key, *keyring));
                        return ReportSuccess(options, result, [&] {
                          std::cout << "Keyring " << options.KeysDir()
                                    << (keyring->is_example() ? " (EXAMPLE)" : "") << "\n";
                          for (const auto& item : result["keys"]) {
                            std::cout << "  " << item["key_id"].get<std::string>() << "  "
                                      << item["purpose"].get<std::string>() << "  "
                                      << item["algorithm"].get<std::string>() << "  "
                                      << item["created"].get<std::string>() << "  "
                                      << item["status"].get<std::string>()
                                      << (item["in_use"].get<bool>() ? "  (in use)" : "")
                                      << (item.contains("pkcs11")
                                              ? "  token " + item["pkcs11"].get<std::string>()
                                              : "")
                                      << "\n";
                          }
                        });
                      }});

  auto* rotate = keys->add_subcommand(
      "rotate", "Add a new signing key; it signs from now on, older keys still verify");
  auto token = std::make_shared<TokenKeyRequest>();
  AddTokenKeyOptions(rotate, *token);
  AddKeysOption(rotate, options);
  AddPassphraseOption(rotate, options);
  AddExampleKeysFlag(rotate, options);
  AddJsonFlag(rotate, options);
  commands.push_back({rotate, [&options, token]() {
                        auto clock = MakeClock();
                        if (!clock.ok()) return ReportError(options, clock.error());
                        auto keyring = LoadKeyring(options.KeysDir(), options.allow_example_keys);
                        if (!keyring.ok()) return ReportError(options, keyring.error());
                        Result<std::string> key_id = std::string();
                        if (!token->uri.empty()) {
                          if (Status uri = CheckTokenKeyUri(token->uri); !uri.ok()) {
                            return ReportError(options, uri.error());
                          }
                          key_id = keyring->AddTokenSigningKey(
                              *token, [&options] { return ReadPin(options); }, **clock);
                        } else {
                          auto passphrase = ReadPassphrase(options, /*confirm=*/false);
                          if (!passphrase.ok()) return ReportError(options, passphrase.error());
                          // Prove the passphrase opens the keys at rest before a new key is
                          // encrypted under it.
                          if (Status opens = keyring->CheckPassphrase(*passphrase); !opens.ok()) {
                            return ReportError(options, opens.error());
                          }
                          SystemRandom random;
                          key_id = keyring->AddSigningKey(*passphrase, KdfCost::Interactive(),
                                                          **clock, random);
                        }
                        if (!key_id.ok()) return ReportError(options, key_id.error());
                        nlohmann::ordered_json result;
                        result["keyring"] = options.KeysDir();
                        result["signing_key_id"] = *key_id;
                        return ReportSuccess(options, result, [&] {
                          std::cout << "Added signing key " << *key_id << " to "
                                    << options.KeysDir() << "; it signs from now on\n";
                        });
                      }});

  auto* export_secret = keys->add_subcommand(
      "export-activation-secret",
      "Write the activation secret products embed to check QR activation codes offline");
  auto secret_out = std::make_shared<std::string>();
  auto secret_key_id = std::make_shared<std::string>();
  auto secret_force = std::make_shared<bool>(false);
  export_secret->add_option("--out", *secret_out, "The file to write (mode 0600)")->required();
  export_secret->add_option("--key-id", *secret_key_id,
                            "The signing key (default: the active one)");
  export_secret->add_flag("--force", *secret_force, "Overwrite an existing file");
  AddKeysOption(export_secret, options);
  AddPassphraseOption(export_secret, options);
  AddExampleKeysFlag(export_secret, options);
  AddJsonFlag(export_secret, options);
  commands.push_back(
      {export_secret, [&options, secret_out, secret_key_id, secret_force]() {
         // A product built with the example keyring's secret would accept codes anyone can make.
         auto keyring = LoadKeyring(options.KeysDir(), options.allow_example_keys);
         if (!keyring.ok()) return ReportError(options, keyring.error());
         auto secret = UnlockActivationSecret(*keyring, UnlockFor(options), *secret_key_id);
         if (!secret.ok()) return ReportError(options, secret.error());
         if (auto written = WriteActivationSecretFile(
                 *secret_out, *secret, *secret_force ? Overwrite::kYes : Overwrite::kNo);
             !written.ok()) {
           return ReportError(options, written.error());
         }
         nlohmann::ordered_json result;
         result["path"] = *secret_out;
         result["key_id"] = secret->key_id;
         return ReportSuccess(options, result, [&] {
           std::cout << "Wrote the activation secret of signing key " << secret->key_id << " to "
                     << *secret_out << " (mode 0600); build it into the product\n";
         });
       }});
}

}  // namespace frlic::cli
