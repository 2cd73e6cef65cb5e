// frlic-sim server: the reference licence server: start checks, a product's request (with a
// registration table when --state is given), an unbind, and -destroy (writes receipt.fr).
// Accepts the seed's spelling: -port N, -language en, -destroy. Its own lines are in Simplified
// Chinese unless -language en (seed 001: the default language); errors stay in English.
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"
#include "frlic/customer/licence_server.h"
#include "frlic/customer/machine_dir.h"
#include "frlic/customer/registrations.h"
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
  std::int64_t port = kDefaultServerPort;
  std::string language = "zh";
  std::string state;
  std::string unbind;
};

// The port the server listens on: -port when given, else the licence's access port
// (ServerPort). Prints the access port the licence names, and warns when -port differs from it.
std::uint16_t ListeningPort(const ServerLicence& licence, const ServerOptions& o, bool port_given,
                            Language language) {
  const bool en = language == Language::kEnglish;
  const std::uint16_t access = ServerPort(licence.terms);
  if (!licence.terms.port) return port_given ? static_cast<std::uint16_t>(o.port) : access;
  std::cout << (en ? "Access port (from the licence): " : "访问端口（授权信息）：") << access
            << "\n";
  if (port_given && o.port != access) {
    std::cerr << "frlic-sim: warning: "
              << (en ? "-port " + std::to_string(o.port) +
                           " differs from the licence's access port " + std::to_string(access) +
                           "; products configured with the access port will not reach this "
                           "server"
                     : "-port " + std::to_string(o.port) + " 与授权信息中的访问端口 " +
                           std::to_string(access) + " 不同，按访问端口配置的产品将无法连接")
              << "\n";
  }
  return port_given ? static_cast<std::uint16_t>(o.port) : access;
}

// The request as JSON; with a registration table, "nodes" is what the table says (the live
// registrations other than this ip, plus one), whatever the product sent.
std::string RequestJson(const ServerOptions& o, const RegistrationState* state,
                        const std::string& owner, UnixSeconds now, std::string* ip) {
  Json request;
  if (!o.request.empty()) {
    // The strict parser, as the verdict's: a key twice or a non-object is answered 10000 from
    // the product's own bytes, never from a re-serialised copy that hides it.
    auto parsed = ParseStrictJson(o.request, "the request");
    if (!parsed.ok()) return o.request;
    request = std::move(parsed).value();
  } else {
    request = {{"ip", o.ip}, {"product", o.product}, {"version", o.version}, {"nodes", o.nodes}};
    if (!o.app_name.empty()) request["app_name"] = o.app_name;
    if (!o.domain.empty()) request["domain"] = o.domain;
  }
  if (request.contains("ip") && request["ip"].is_string()) *ip = request["ip"].get<std::string>();
  if (state == nullptr) return o.request.empty() ? request.dump() : o.request;
  request["nodes"] = state->CountWith(owner, *ip, now);
  return request.dump();
}

}  // namespace

int PrintAnswer(const ServerVerdict& verdict, Language language, bool unbind) {
  const bool en = language == Language::kEnglish;
  nlohmann::ordered_json answer;
  answer["code"] = static_cast<int>(verdict.code);
  answer["name"] = ServerCodeName(verdict.code);
  answer["message"] = unbind && verdict.code == ServerCode::kOk
                          ? (en ? "Unbound." : "解绑成功。")
                          : ServerCodeMessage(verdict.code, language);
  if (!verdict.detail.empty()) answer["detail"] = verdict.detail;
  std::cout << answer.dump() << "\n";
  return verdict.code == ServerCode::kOk ? 0 : 1;
}

namespace {

// -destroy: the receipt is staged in --out (a temp file beside receipt.fr) before anything is
// destroyed, and renamed into place after; if that rename fails the receipt goes to stdout,
// so it is never lost with the instance key.
int Destroy(const StartedServer& server, const ServerOptions& o, UnixSeconds now, bool en) {
  const std::string path = o.out + "/receipt.fr";
  if (PathExists(path)) {
    return ReportError(Error(ErrorCode::kRefused, path + " already exists",
                             "keep it (it may be the receipt of another server) and pass "
                             "--out with another directory"));
  }
  std::optional<StagedFile> staged;
  auto destroyed = DestroyLicenceServer(
      server, o.package, o.machine, now, [&](const std::string& receipt) -> Status {
        auto file = StagedFile::Stage(path, AsBytes(receipt), {0644, Overwrite::kNo});
        if (!file.ok()) {
          return std::move(file).error().WithHint(
              "nothing was destroyed; pass --out with a directory where receipt.fr can be "
              "written");
        }
        staged.emplace(std::move(file).value());
        return Ok();
      });
  if (!destroyed.ok()) return ReportError(destroyed.error());
  const std::string& serial = server.licence.serial;
  if (auto committed = staged->Commit(); !committed.ok() && !staged->renamed()) {
    staged->LeaveForRecovery();
    std::cout << destroyed->receipt;
    return ReportError(std::move(committed).error().WithHint(
        "licence server " + serial + " is destroyed; its receipt.fr is printed above and kept in " +
        staged->temp_path() + ": save it as receipt.fr and send it to the issuer"));
  }
  if (destroyed->retire_error) {
    std::cerr << "frlic-sim: warning: " << destroyed->retire_error->message() << "\n"
              << "frlic-sim: hint: the server is destroyed and " << path << " is valid; delete "
              << MachineKeyPath(o.machine)
              << " by hand so that a copy of the package does not start\n";
  }
  if (en) {
    std::cout << "Licence server " << serial << " destroyed; its machine key is "
              << "retired. Send " << path
              << " with a newly generated MachineInfo.rif to the issuer.\n";
  } else {
    std::cout << "授权服务器 " << serial << " 已销毁，本机机器密钥已作废。请将 " << path
              << " 与重新生成的 MachineInfo.rif 一并发送给商务人员。\n";
  }
  return 0;
}

int Run(const ServerOptions& o, bool port_given, bool has_request, bool has_unbind) {
  auto language = ParseLanguage(o.language);
  if (!language.ok()) return ReportError(language.error());
  const bool en = *language == Language::kEnglish;
  if (o.port < 1 || o.port > 65535) {
    return ReportError(Error(ErrorCode::kInvalidInput,
                             "-port " + std::to_string(o.port) + " is not a TCP port",
                             "give a port from 1 to 65535, e.g. -port 8088"));
  }
  if (has_unbind && o.state.empty()) {
    return ReportError(Error(ErrorCode::kInvalidInput, "--unbind needs --state",
                             "the registrations are kept in the --state file"));
  }
  auto issuer = IssuerKeys(o.keys);
  if (!issuer.ok()) return ReportError(issuer.error());
  auto clock = SimNow();
  if (!clock.ok()) return ReportError(clock.error());
  const UnixSeconds now = *clock;
  auto server = StartLicenceServer(o.package, o.machine, *issuer, now);
  if (!server.ok()) return ReportError(server.error());
  const ServerLicence& licence = server->licence;
  if (server->expired) {
    std::cerr << "frlic-sim: warning: "
              << (en ? "licence " + licence.serial + " expired after " +
                           FormatDate(licence.terms.expires) +
                           " (UTC): every registration is answered 30000 LICENSE_EXPIRED; "
                           "-destroy still writes receipt.fr for renewal or migration"
                     : "授权 " + licence.serial + " 已于 " + FormatDate(licence.terms.expires) +
                           "（UTC）到期：所有注册请求均返回 30000 LICENSE_EXPIRED；仍可执行 "
                           "-destroy 生成 receipt.fr 用于续期或迁移")
              << "\n";
  }
  if (o.destroy) return Destroy(*server, o, now, en);
  if (!has_request && !has_unbind) {
    const std::uint16_t port = ListeningPort(licence, o, port_given, *language);
    if (en) {
      std::cout << "Licence server " << licence.serial << " for " << licence.terms.company
                << " would listen on port " << port << " (max connections "
                << licence.terms.capacity << ", expires " << FormatDate(licence.terms.expires)
                << ")\n";
    } else {
      std::cout << "授权服务器 " << licence.serial << "（" << licence.terms.company << "）将在端口 "
                << port << " 上监听（最大连接数 " << licence.terms.capacity << "，有效期至 "
                << FormatDate(licence.terms.expires) << "）\n";
    }
    return 0;
  }
  std::optional<RegistrationState> state;
  if (!o.state.empty()) {
    auto loaded = LoadRegistrationState(o.state);
    if (!loaded.ok()) return ReportError(loaded.error());
    state = std::move(loaded).value();
    if (const std::size_t discarded = state->Wake(now); discarded > 0) {
      std::cerr << "frlic-sim: warning: "
                << (en ? "the server was not running for 24 hours or more: " +
                             std::to_string(discarded) +
                             " registration(s) discarded; those "
                             "products must register again"
                       : "授权服务器停止运行已满 24 小时：" + std::to_string(discarded) +
                             " 个注册已失效，需重新注册")
                << "\n";
    }
  }
  ServerVerdict verdict;
  if (has_unbind) {
    verdict = state->Unbind(licence.serial, o.unbind, now)
                  ? ServerVerdict{ServerCode::kOk, {}}
                  : ServerVerdict{ServerCode::kDoNotNeedDeactivate,
                                  "ip " + o.unbind + " is not registered with " + licence.serial};
  } else {
    std::string ip;
    const std::string request = RequestJson(o, state ? &*state : nullptr, licence.serial, now, &ip);
    verdict = ExplainServerRequest(licence, request, now);
    if (state && verdict.code == ServerCode::kOk) state->Register(licence.serial, ip, now);
  }
  if (state) {
    if (auto saved = SaveRegistrationState(o.state, *state); !saved.ok()) {
      return ReportError(saved.error());
    }
  }
  return PrintAnswer(verdict, *language, has_unbind);
}

}  // namespace

void AddServer(CLI::App& app, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "server", "The reference licence server: start checks, --request, --unbind, --destroy");
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
  command->add_option("--nodes", o->nodes,
                      "Request: connections including this one (without --state)");
  command->add_option("--state", o->state,
                      "Registration table file: requests register, --unbind removes "
                      "(created when absent)");
  command->add_option("--unbind", o->unbind, "Unbind the product server with this IP");
  command->add_flag("--destroy", o->destroy, "Destroy this server and write receipt.fr");
  command->add_option("--out", o->out, "Where receipt.fr goes")->default_val(".");
  command->add_option("--port", o->port, "Listening port, 1-65535 (-port)");
  command->add_option("--language", o->language, "zh (default) or en (-language)")
      ->default_val("zh");
  // A later request fact overrides an earlier one, so scripts can vary one fact of a set.
  for (CLI::Option* option : command->get_options()) {
    option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }
  commands.push_back({command, [o, command]() {
                        return Run(*o, command->count("--port") > 0,
                                   !o->request.empty() || command->count("--ip") > 0,
                                   command->count("--unbind") > 0);
                      }});
}

const char* ServerCodeMessage(ServerCode code, Language language) {
  const bool en = language == Language::kEnglish;
  switch (code) {
    case ServerCode::kOk:
      return en ? "Registered." : "注册成功。";
    case ServerCode::kJsonParserError:
      return en ? "The data format is incorrect." : "数据格式不正确。";
    case ServerCode::kParamInputError:
      return en ? "The entered parameter is incorrect." : "输入的参数不正确。";
    case ServerCode::kDoNotNeedDeactivate:
      return en ? "This machine is not bound and does not need to be unbound."
                : "该机器未绑定，无需解绑。";
    case ServerCode::kLicenseExpired:
      return en ? "The license has expired." : "授权已过期。";
    case ServerCode::kReportVersionError:
      return en ? "The version is mismatched." : "版本不匹配。";
    case ServerCode::kAccountStatusError:
      return en ? "The account status is abnormal." : "账号状态异常。";
    case ServerCode::kLicenseIpError:
      return en ? "The IP address is not within the allowed range." : "IP 地址不在授权范围内。";
    case ServerCode::kLicenseDomainError:
      return en ? "The domain is not within the allowed range." : "域名不在授权范围内。";
    case ServerCode::kLicenseAppnameError:
      return en ? "The app name is not within the allowed range." : "应用名称不在授权范围内。";
    case ServerCode::kAccountInputError:
      return en ? "The account or password is incorrect." : "账号或密码错误。";
    case ServerCode::kRegisterOutOfLimit:
      return en ? "The maximum number of nodes for which licenses can be assigned has been "
                  "reached."
                : "可分配授权的节点数已达上限。";
  }
  return en ? "Incorrect License Format" : "授权格式错误";
}

Result<Language> ParseLanguage(const std::string& text) {
  if (text == "zh") return Language::kChinese;
  if (text == "en") return Language::kEnglish;
  return Error(ErrorCode::kInvalidInput,
               "-language " + text + " is not a language of the licence server",
               "use -language zh (Simplified Chinese, the default) or -language en");
}

}  // namespace frlic::sim
