// frlic-sim product: the reference product (local container, docs/formats.md section 11.5): checks
// its Container.lic at start, shows the activation QR, checks the code typed in.
#include <iostream>

#include "activation_gate.h"
#include "frlic/core/files.h"
#include "frlic/licence/container_licence.h"
#include "sim.h"

namespace frlic::sim {
namespace {

struct ProductOptions {
  std::string licence;
  std::string keys;
  GateOptions gate;
};

}  // namespace

void AddProduct(CLI::App& app, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "product", "The reference product: activation by QR code and 6-digit code");
  auto o = std::make_shared<ProductOptions>();
  command->add_option("--license", o->licence, "Container.lic")->required();
  command->add_option("--keys", o->keys, "Issuer keyring (public halves; default $FRLIC_KEYS)");
  AddGateOptions(command, o->gate);
  o->gate.state = "product-state.json";
  commands.push_back({command, [o]() {
                        auto issuer = IssuerKeys(o->keys);
                        if (!issuer.ok()) return ReportError(issuer.error());
                        auto bytes = ReadFile(o->licence, 1 << 20);
                        if (!bytes.ok()) return ReportError(bytes.error());
                        auto licence = OpenContainerLicence(*bytes, *issuer, o->licence);
                        if (!licence.ok()) return ReportError(licence.error());
                        return RunGate(o->gate, licence->serial, licence->key_id,
                                       licence->terms.capacity);
                      }});
}

}  // namespace frlic::sim
