// frlic-sim server: the reference licence server: start checks, a product's request, and
// -destroy (writes receipt.fr). Accepts the seed's spelling: -port N, -language en, -destroy.
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/customer/licence_server.h"
#include "frlic/customer/server_request.h"
#include "frlic/keys/keyring.h"
#include "sim.h"

namespace frlic::sim {
namespace {

struct ServerOptions {
  std::string package;
  std::string machine;
  std::string keys;
  std::string request;
  std::string ip, app_name, domain, product = "FineDataLink", version;
  std::int64_t nodes = 1;
  bool destroy = false;
  std::string out = ".";
  int port = 8081;
  std::string language = "zh";
};

}  // namespace

void AddServer(CLI::App& app, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "server", "The reference licence server: start checks, --request, --destroy");
  auto o = std::make_shared<ServerOptions>();
  command->add_option("--package", o->package, "FanruanLicenseServer.zip")->required();
  command->add_option("--machine", o->machine, "The machine directory (frlic-sim machine --out)")
      ->required();
  command->add_option("--keys", o->keys, "Issuer keyring (public halves; default $FRLIC_KEYS)");
  command->add_option("--request", o->request, "A product's request as JSON");
  command->add_option("--ip", o->ip, "Request: the product server's IP");
  command->add_option("--app-name", o->app_name, "Request: app name");
  command->add_option("--domain", o->domain, "Request: the domain the product used");
  command->add_option("--product", o->product, "Request: product")->default_val("FineDataLink");
  command->add_option("--product-version", o->version, "Request: product version");
  command->add_option("--nodes", o->nodes, "Request: connections including this one");
  command->add_flag("--destroy", o->destroy, "Destroy this server and write receipt.fr");
  command->add_option("--out", o->out, "Where receipt.fr goes")->default_val(".");
  command->add_option("--port", o->port, "Listening port (-port)")->default_val(8081);
  command->add_option("--language", o->language, "zh or en (-language)")->default_val("zh");
  // A later request fact overrides an earlier one, so scripts can vary one fact of a set.
  for (CLI::Option* option : command->get_options()) {
    option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }
  commands.push_back({command, [o, command]() {
                        auto issuer = IssuerKeys(o->keys);
                        if (!issuer.ok()) return ReportError(issuer.error());
                        auto clock = SimNow();
                        if (!clock.ok()) return ReportError(clock.error());
                        const UnixSeconds now = *clock;
                        auto server = StartLicenceServer(o->package, o->machine, *issuer, now);
                        if (!server.ok()) return ReportError(server.error());
                        const ServerLicence& licence = server->licence;
                        if (o->destroy) {
                          auto receipt = DestroyLicenceServer(*server, o->package, now);
                          if (!receipt.ok()) return ReportError(receipt.error());
                          const std::string path = o->out + "/receipt.fr";
                          if (auto written =
                                  WriteFileAtomic(path, AsBytes(*receipt), {0644, Overwrite::kNo});
                              !written.ok()) {
                            return ReportError(written.error());
                          }
                          std::cout << "Licence server " << licence.serial << " destroyed; send "
                                    << path << " with the new MachineInfo.rif to the issuer.\n";
                          return 0;
                        }
                        const bool has_request = !o->request.empty() || command->count("--ip") > 0;
                        if (!has_request) {
                          std::cout << "Licence server " << licence.serial << " for "
                                    << licence.terms.company << " would listen on port " << o->port
                                    << " (max connections " << licence.terms.capacity
                                    << ", expires " << FormatDate(licence.terms.expires) << ")\n";
                          return 0;
                        }
                        std::string request = o->request;
                        if (request.empty()) {
                          nlohmann::json r = {{"ip", o->ip},
                                              {"product", o->product},
                                              {"version", o->version},
                                              {"nodes", o->nodes}};
                          if (!o->app_name.empty()) r["app_name"] = o->app_name;
                          if (!o->domain.empty()) r["domain"] = o->domain;
                          request = r.dump();
                        }
                        ServerVerdict verdict = ExplainServerRequest(licence, request, now);
                        nlohmann::ordered_json answer;
                        answer["code"] = static_cast<int>(verdict.code);
                        answer["name"] = ServerCodeName(verdict.code);
                        if (!verdict.detail.empty()) answer["detail"] = verdict.detail;
                        std::cout << answer.dump() << "\n";
                        return verdict.code == ServerCode::kOk ? 0 : 1;
                      }});
}

}  // namespace frlic::sim
