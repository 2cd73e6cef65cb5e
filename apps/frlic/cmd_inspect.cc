// frlic inspect FILE: an artifact's fields and whether its signature verifies.
#include <iostream>

#include "cli.h"
#include "frlic/core/files.h"
#include "frlic/issue/inspect.h"

namespace frlic::cli {

void AddInspect(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command =
      app.add_subcommand("inspect",
                         "Show an artifact's fields and verify its signature (receipt.fr, "
                         "privateConfig, MachineInfo.rif: fields only)");
  auto file = std::make_shared<std::string>();
  command
      ->add_option(
          "file", *file,
          "Container.lic, a package or image, receipt.fr, privateConfig or MachineInfo.rif")
      ->required();
  AddKeysOption(command, options);
  AddJsonFlag(command, options);
  commands.push_back(
      {command, [&options, file]() {
         // A FIFO would block the reads below; a directory is a wrong path, not a malformed
         // artifact (docs/cli.md, "Bad input").
         if (auto regular = RequireRegularFile(*file, "the file"); !regular.ok()) {
           return ReportError(options, regular.error());
         }
         auto keyring = Keyring::Load(options.KeysDir());  // verifying needs no secret, no policy
         if (!keyring.ok()) return ReportError(options, keyring.error());
         auto inspected = InspectArtifact(*file, *keyring);
         if (!inspected.ok()) return ReportError(options, inspected.error());
         if (inspected->problem) return ReportError(options, *inspected->problem);
         nlohmann::ordered_json result;
         result["file"] = *file;
         result["type"] = inspected->payload_type;
         result["key_id"] = inspected->key_id;
         const bool checked = inspected->not_checked.empty();
         result["signature"] = checked ? "valid" : "not-checked";
         if (!checked) result["note"] = inspected->not_checked;
         result["payload"] = nlohmann::ordered_json::parse(inspected->payload.dump());
         return ReportSuccess(options, result, [&] {
           std::cout << *file << ": " << inspected->payload_type << "\n";
           if (checked) {
             std::cout << "signature: valid (key " << inspected->key_id << ")\n";
           } else {
             std::cout << "signature: not checked (key " << inspected->key_id
                       << "): " << inspected->not_checked << "\n";
           }
           std::cout << JsonText(inspected->payload) << "\n";
         });
       }});
}

}  // namespace frlic::cli
