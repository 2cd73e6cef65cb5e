// frlic-sim component: the reference container component. Starts from an image as the
// component does (every check of StartComponent) and writes the privateConfig to its data
// directory, the directory FineOps mounts at /app (docs/formats.md section 9).
#include <filesystem>
#include <iostream>

#include "activation_gate.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/customer/component.h"
#include "frlic/licence/private_config.h"
#include "sim.h"

namespace frlic::sim {
namespace {

struct ComponentOptions {
  std::string image;
  std::string data;
  std::string keys;
  int port = 0;  // 0: the licence's port
  GateOptions gate;
};

// A restart keeps the deployment's instance id (the data directory survives); a first start
// (or an image of another licence) picks a new one.
Result<std::string> InstanceId(const std::string& private_config, const std::string& serial,
                               Random& random) {
  if (PathExists(private_config)) {
    if (auto bytes = ReadFile(private_config, 1 << 20); bytes.ok()) {
      if (auto earlier = PeekPrivateConfig(*bytes, private_config);
          earlier.ok() && earlier->serial == serial) {
        return earlier->instance_id;
      }
    }
  }
  Bytes id(kInstanceIdSize);
  random.Fill(id);
  return HexEncode(id);
}

}  // namespace

void AddComponent(CLI::App& app, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "component",
      "The reference container component: start from an image, write app/config/privateConfig");
  auto o = std::make_shared<ComponentOptions>();
  command->add_option("--image", o->image, "fanruan_license_server.tar")->required();
  command->add_option("--data", o->data, "The component's data directory (mounted at /)")
      ->required();
  command->add_option("--keys", o->keys, "Issuer keyring (public halves; default $FRLIC_KEYS)");
  command->add_option("--port", o->port, "Deployment port (default: the licence's)")
      ->check(CLI::Range(1, 65535));
  AddGateOptions(command, o->gate);
  commands.push_back(
      {command, [o]() {
         auto issuer = IssuerKeys(o->keys);
         if (!issuer.ok()) return ReportError(issuer.error());
         auto now = SimNow();
         if (!now.ok()) return ReportError(now.error());
         auto random = SimRandom("the instance id");
         if (!random.ok()) return ReportError(random.error());
         auto component = StartComponent(o->image, *issuer, *now);
         if (!component.ok()) return ReportError(component.error());
         const ComponentLicence& licence = component->licence;
         const std::uint16_t port =
             o->port != 0 ? static_cast<std::uint16_t>(o->port) : *licence.terms.port;
         const std::filesystem::path path = std::filesystem::path(o->data) / kPrivateConfigPath;
         auto id = InstanceId(path.string(), licence.serial, **random);
         if (!id.ok()) return ReportError(id.error());
         auto config = ComponentPrivateConfig(*component, *id, port, *now);
         if (!config.ok()) return ReportError(config.error());
         if (auto made = MakeDirectories(path.parent_path().string()); !made.ok()) {
           return ReportError(made.error());
         }
         // Rewritten at every start, as the component does.
         if (auto written =
                 WriteFileAtomic(path.string(), AsBytes(*config), {0600, Overwrite::kYes});
             !written.ok()) {
           return ReportError(written.error());
         }
         std::cout << "Component " << licence.serial << " for " << licence.terms.company
                   << " started on port " << port << " (instance " << *id << ", expires "
                   << FormatDate(licence.terms.expires) << ")\n"
                   << "  wrote " << path.string() << "\n";
         if (!GateRequested(o->gate)) return 0;
         GateOptions gate = o->gate;
         if (gate.state.empty()) {
           gate.state = (path.parent_path() / "activation-state.json").string();
         }
         return RunGate(gate, licence.serial, licence.key_id);
       }});
}

}  // namespace frlic::sim
