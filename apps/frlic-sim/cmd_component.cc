// frlic-sim component: the reference container component. Starts from an image as the
// component does (every check of StartComponent) and writes the privateConfig to its data
// directory, the directory FineOps mounts at /app (docs/formats.md section 9). Once a project is
// activated (section 11), it answers product registrations (section 9.8), keeping its
// registration table (section 8.3.1) in the data directory.
#include <filesystem>
#include <iostream>

#include "activation_gate.h"
#include "frlic/core/files.h"
#include "frlic/core/time.h"
#include "frlic/customer/component.h"
#include "frlic/customer/component_registration.h"
#include "frlic/customer/registrations.h"
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
  // A product's registration (docs/formats.md section 9.8): as JSON, or built from the facts.
  std::string request;
  std::string ip, app_name, domain, product = "FineReport", version;
};

// The registration table in the data directory (it survives restarts, as /app does).
constexpr char kRegistrationTableFile[] = "registrations.json";

// The request as the product sends it (--request verbatim, else built from the facts), with
// "nodes" replaced by what the table says: the live registrations other than this ip, plus
// one. Whatever the product claims, the component counts. `ip` receives the request's ip.
std::string RegistrationRequest(const ComponentOptions& o, const RegistrationState& table,
                                const std::string& owner, UnixSeconds now, std::string* ip) {
  nlohmann::json request;
  if (!o.request.empty()) {
    request = nlohmann::json::parse(o.request, nullptr, false);
    if (!request.is_object()) return o.request;  // the verdict answers 10000
  } else {
    request = {{"ip", o.ip}, {"product", o.product}, {"version", o.version}};
    if (!o.app_name.empty()) request["app_name"] = o.app_name;
    if (!o.domain.empty()) request["domain"] = o.domain;
  }
  if (request.contains("ip") && request["ip"].is_string()) *ip = request["ip"].get<std::string>();
  request["nodes"] = table.CountWith(owner, *ip, now);
  return request.dump();
}

// The activation state: --state, else beside the privateConfig.
std::string GateState(const ComponentOptions& o, const std::filesystem::path& private_config) {
  if (!o.gate.state.empty()) return o.gate.state;
  return (private_config.parent_path() / "activation-state.json").string();
}

// Answers one registration: refused (kRefused) unless a project is activated; else the
// verdict, registering the product's ip in the table when it is 0.
Result<ServerVerdict> AnswerRegistration(const ComponentOptions& o, const ComponentLicence& licence,
                                         const std::filesystem::path& data,
                                         const std::string& gate_state, UnixSeconds now) {
  FRLIC_ASSIGN_OR_RETURN(bool activated, GateActivated(gate_state));
  if (!activated) {
    return Error(
        ErrorCode::kRefused,
        "component " + licence.serial + " is not activated, so it answers no product registration",
        "activate a project on the component first (--qr, then --code)");
  }
  const std::string table_path = (data / kRegistrationTableFile).string();
  FRLIC_ASSIGN_OR_RETURN(RegistrationState table, LoadRegistrationState(table_path));
  table.Wake(now);
  std::string ip;
  const ServerVerdict verdict = AnswerComponentRegistration(
      licence, RegistrationRequest(o, table, licence.serial, now, &ip), now);
  if (verdict.code == ServerCode::kOk) table.Register(licence.serial, ip, now);
  FRLIC_RETURN_IF_ERROR(SaveRegistrationState(table_path, table));
  return verdict;
}

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
  command->add_option("--request", o->request, "A product's registration request as JSON");
  command->add_option("--ip", o->ip, "Request: the product server's IP");
  command->add_option("--app-name", o->app_name, "Request: app name");
  command->add_option("--domain", o->domain, "Request: the domain the product used");
  command->add_option("--product", o->product, "Request: product")->default_val("FineReport");
  command->add_option("--product-version", o->version, "Request: product version");

  // A later fact overrides an earlier one, as in frlic check.
  for (CLI::Option* option : command->get_options()) {
    option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }
  commands.push_back(
      {command, [o, command]() {
         auto issuer = IssuerKeys(o->keys);
         if (!issuer.ok()) return ReportError(issuer.error());
         auto now = SimNow();
         if (!now.ok()) return ReportError(now.error());
         auto random = SimRandom("the instance id");
         if (!random.ok()) return ReportError(random.error());
         auto component = StartComponent(o->image, *issuer, *now);
         if (!component.ok()) return ReportError(component.error());
         const ComponentLicence& licence = component->licence;
         if (component->expired) {
           std::cerr << "frlic-sim: warning: licence " << licence.serial << " expired on "
                     << FormatDate(licence.terms.expires)
                     << "; the component starts and answers 30000 LICENSE_EXPIRED to every "
                        "registration\n";
         }
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
         if (!o->request.empty() || command->count("--ip") > 0) {
           // Started: answer the product's registration (one JSON line, exit 1 when refused).
           auto verdict = AnswerRegistration(*o, licence, o->data, GateState(*o, path), *now);
           if (!verdict.ok()) return ReportError(verdict.error());
           nlohmann::ordered_json answer;
           answer["code"] = static_cast<int>(verdict->code);
           answer["name"] = ServerCodeName(verdict->code);
           if (!verdict->detail.empty()) answer["detail"] = verdict->detail;
           std::cout << answer.dump() << "\n";
           return verdict->code == ServerCode::kOk ? 0 : 1;
         }
         std::cout << "Component " << licence.serial << " for " << licence.terms.company
                   << " started on port " << port << " (instance " << *id << ", expires "
                   << FormatDate(licence.terms.expires) << ")\n"
                   << "  wrote " << path.string() << "\n";
         if (!GateRequested(o->gate)) return 0;
         GateOptions gate = o->gate;
         gate.state = GateState(*o, path);
         return RunGate(gate, licence.serial, licence.key_id, licence.terms.capacity);
       }});
}

}  // namespace frlic::sim
