// frlic serve --listen HOST:PORT, run by frlic-serve (frlic execs it): the activation page
// the products' QR codes point at. Each GET /a?v=1&s=...&k=...&p=...&n=...&t=... is judged as
// `frlic activate` judges it and answered with a small page: the code, or why there is none.
// Per-client rate limit (the client's address parsed; a proxy's X-Forwarded-For only from
// --trust-proxy addresses); bounded requests, timeouts and a connection cap (page_server.h);
// loopback unless told otherwise; the activation secrets are unlocked once at start, so it
// never prompts.
#include <httplib.h>

#include <iostream>
#include <map>
#include <mutex>

#include "cli.h"
#include "frlic/activation/activation_page.h"
#include "frlic/activation/activation_secret.h"
#include "frlic/activation/client_address.h"
#include "frlic/activation/rate_limiter.h"
#include "frlic/core/time.h"
#include "frlic/issue/activate.h"
#include "page_server.h"
#include "serve_options.h"
#include "serve_page.h"

namespace frlic::cli {
namespace {

// The client a request is from: its peer, or with --trust-proxy the right-most untrusted hop
// of X-Forwarded-For.
IpAddress ClientOf(const httplib::Request& request, const std::vector<ProxyRange>& trusted) {
  const IpAddress peer = ParseIpAddress(request.remote_addr).value_or(IpAddress{});
  std::vector<std::string> forwarded;
  auto [begin, end] = request.headers.equal_range("X-Forwarded-For");
  for (auto it = begin; it != end; ++it) forwarded.push_back(it->second);
  return ClientAddress(peer, forwarded, trusted);
}

int HttpStatusFor(const ActivationVerdict& verdict) {
  if (verdict.valid()) return 200;
  if (*verdict.failure == ActivationFailure::kMalformed) return 400;
  if (*verdict.failure == ActivationFailure::kUnknownSerial) return 404;
  return 403;
}

}  // namespace

void AddServePage(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* command = AddServeCommand(app, options, *o);
  commands.push_back(
      {command, [&options, o]() -> int {
         const std::size_t colon = o->listen.rfind(':');
         int port = -1;
         if (colon != std::string::npos) {
           try {
             port = std::stoi(o->listen.substr(colon + 1));
           } catch (...) {
             port = -1;
           }
         }
         if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
           return ReportError(options, Error(ErrorCode::kInvalidInput,
                                             "--listen " + o->listen + " is not HOST:PORT",
                                             "for example 127.0.0.1:8080"));
         }
         const std::string host = o->listen.substr(0, colon);
         std::vector<ProxyRange> trusted;
         for (const std::string& text : o->trust_proxy) {
           auto range = ParseProxyRange(text);
           if (!range) {
             return ReportError(
                 options, Error(ErrorCode::kInvalidInput,
                                "--trust-proxy " + text + " is not an IP address or range",
                                "for example --trust-proxy 127.0.0.1 or --trust-proxy 10.0.0.0/8"));
           }
           trusted.push_back(*range);
         }
         auto clock = MakeClock();
         if (!clock.ok()) return ReportError(options, clock.error());
         auto keyring = LoadKeyring(options.KeysDir(), options.allow_example_keys);
         if (!keyring.ok()) return ReportError(options, keyring.error());
         const KeyUnlock unlock = UnlockFor(options);
         // Every signing key's secret, unlocked now: old licences name retired keys.
         std::map<std::string, SecretBytes> secrets;
         for (const KeyEntry& key : keyring->keys()) {
           if (key.purpose != KeyPurpose::kSigning) continue;
           auto secret = UnlockActivationSecret(*keyring, unlock, key.key_id);
           if (!secret.ok()) return ReportError(options, secret.error());
           secrets.emplace(key.key_id, std::move(secret->secret));
         }
         auto ledger = Ledger::Open(options.LedgerPath(), **clock);
         if (!ledger.ok()) return ReportError(options, ledger.error());

         std::mutex ledger_mutex;  // one judgement at a time: the ledger handle is not shared
         RateLimiter limiter(o->burst, o->refill_seconds);
         PageRoutes server;
         server.Get("/a", [&](const httplib::Request& request, httplib::Response& response) {
           const UnixSeconds now = (*clock)->Now();
           const IpAddress who = ClientOf(request, trusted);
           const std::string client = FormatIpAddress(who);
           const std::string bucket = RateLimitKey(who);
           PageContent page;
           if (!limiter.Allow(bucket, now)) {
             page.reason = "rate-limited";
             page.message = "Too many requests from this device. Wait a minute and try again.";
             response.status = 429;
             response.set_header("Retry-After", std::to_string(limiter.RetryAfter(bucket, now)));
             response.set_content(RenderActivationPage(page), "text/html; charset=utf-8");
             std::cerr << "frlic serve: " << client << " rate-limited\n";
             return;
           }
           std::lock_guard lock(ledger_mutex);
           auto verdict = Activate(
               **ledger, request.target, "the request",
               [&](const std::string& key_id) -> Result<const SecretBytes*> {
                 auto it = secrets.find(key_id);
                 if (it == secrets.end()) {
                   return Error(ErrorCode::kUnknownKey, "no activation secret for key " + key_id);
                 }
                 return &it->second;
               },
               now);
           if (!verdict.ok()) {
             page.reason = "unavailable";
             page.message = "The activation service could not answer. Try again later.";
             response.status = 503;
             std::cerr << "frlic serve: error: " << verdict.error().message() << "\n";
           } else {
             page.ok = verdict->valid();
             page.code = verdict->code;
             page.serial = verdict->serial;
             page.valid_until = verdict->valid_until;
             page.reason = verdict->valid() ? "" : ActivationFailureName(*verdict->failure);
             page.message = verdict->message;
             response.status = HttpStatusFor(*verdict);
             std::cerr << "frlic serve: " << client << " " << verdict->serial << " "
                       << (verdict->valid() ? "code issued" : page.reason) << "\n";
           }
           response.set_header("Cache-Control", "no-store");
           response.set_content(RenderActivationPage(page), "text/html; charset=utf-8");
         });
         PageServer page_server(o->limits);
         auto bound = page_server.Bind(host, port);
         if (!bound.ok()) return ReportError(options, bound.error());
         if (!IsLoopback(bound->address)) {
           std::cerr << "frlic serve: warning: listening on " << FormatIpAddress(bound->address)
                     << ", not only on this machine (loopback)\n";
         }
         const bool bracket = host.find(':') != std::string::npos && host.front() != '[';
         std::cout << "frlic serve: listening on http://" << (bracket ? "[" + host + "]" : host)
                   << ":" << bound->port << "/a" << std::endl;
         if (Status served = page_server.Run(server); !served.ok()) {
           return ReportError(options, served.error());
         }
         return kExitOk;
       }});
}

}  // namespace frlic::cli
