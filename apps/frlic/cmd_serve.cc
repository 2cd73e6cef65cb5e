// frlic serve --listen HOST:PORT: the activation page the products' QR codes point at. Each
// GET /a?v=1&s=...&k=...&p=...&n=...&t=... is judged as `frlic activate` judges it and answered
// with a small page: the code, or why there is none. Per-client rate limit; loopback unless
// told otherwise; the activation secrets are unlocked once at start, so it never prompts.
#include <httplib.h>

#include <iostream>
#include <map>
#include <mutex>

#include "cli.h"
#include "frlic/activation/activation_page.h"
#include "frlic/activation/activation_secret.h"
#include "frlic/activation/rate_limiter.h"
#include "frlic/core/time.h"
#include "frlic/issue/activate.h"

namespace frlic::cli {
namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  int burst = 10;          // requests at once per client
  int refill_seconds = 6;  // then one every this many seconds (10 a minute)
};

bool IsLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.rfind("127.", 0) == 0;
}

int HttpStatusFor(const ActivationVerdict& verdict) {
  if (verdict.valid()) return 200;
  if (*verdict.failure == ActivationFailure::kMalformed) return 400;
  if (*verdict.failure == ActivationFailure::kUnknownSerial) return 404;
  return 403;
}

}  // namespace

void AddServe(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  auto* command = app.add_subcommand(
      "serve", "Serve the activation page that products' QR codes point at (GET /a?...)");
  auto o = std::make_shared<ServeOptions>();
  command->add_option("--listen", o->listen,
                      "HOST:PORT (default 127.0.0.1:8080; port 0 picks a free one)");
  command->add_option("--burst", o->burst, "Requests a client may make at once")
      ->check(CLI::Range(1, 1000));
  command
      ->add_option("--refill-seconds", o->refill_seconds,
                   "Then one more request every this many seconds")
      ->check(CLI::Range(1, 3600));
  AddKeysOption(command, options);
  AddLedgerOption(command, options);
  AddPassphraseOption(command, options);
  AddExampleKeysFlag(command, options);
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
         auto clock = MakeClock();
         if (!clock.ok()) return ReportError(options, clock.error());
         auto keyring = LoadKeyring(options.KeysDir(), options.allow_example_keys);
         if (!keyring.ok()) return ReportError(options, keyring.error());
         auto passphrase = ReadPassphrase(options, false);
         if (!passphrase.ok()) return ReportError(options, passphrase.error());
         // Every signing key's secret, unlocked now: old licences name retired keys.
         std::map<std::string, SecretBytes> secrets;
         for (const KeyEntry& key : keyring->keys()) {
           if (key.purpose != KeyPurpose::kSigning) continue;
           auto secret = UnlockActivationSecret(*keyring, *passphrase, key.key_id);
           if (!secret.ok()) return ReportError(options, secret.error());
           secrets.emplace(key.key_id, std::move(secret->secret));
         }
         auto ledger = Ledger::OpenSqlite(options.LedgerPath(), **clock);
         if (!ledger.ok()) return ReportError(options, ledger.error());

         std::mutex ledger_mutex;  // one judgement at a time: the ledger handle is not shared
         RateLimiter limiter(o->burst, o->refill_seconds);
         httplib::Server server;
         server.Get("/a", [&](const httplib::Request& request, httplib::Response& response) {
           const UnixSeconds now = (*clock)->Now();
           PageContent page;
           if (!limiter.Allow(request.remote_addr, now)) {
             page.reason = "rate-limited";
             page.message = "Too many requests from this device. Wait a minute and try again.";
             response.status = 429;
             response.set_header("Retry-After",
                                 std::to_string(limiter.RetryAfter(request.remote_addr, now)));
             response.set_content(RenderActivationPage(page), "text/html; charset=utf-8");
             std::cerr << "frlic serve: " << request.remote_addr << " rate-limited\n";
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
             std::cerr << "frlic serve: " << request.remote_addr << " " << verdict->serial << " "
                       << (verdict->valid() ? "code issued" : page.reason) << "\n";
           }
           response.set_header("Cache-Control", "no-store");
           response.set_content(RenderActivationPage(page), "text/html; charset=utf-8");
         });
         if (!IsLoopback(host)) {
           std::cerr << "frlic serve: warning: listening on " << host
                     << ", not only on this machine (loopback)\n";
         }
         const int bound = port == 0 ? server.bind_to_any_port(host)
                                     : (server.bind_to_port(host, port) ? port : -1);
         if (bound <= 0) {
           return ReportError(options,
                              Error(ErrorCode::kIo, "cannot listen on " + o->listen,
                                    "is the port in use, or the address not this host's?"));
         }
         std::cout << "frlic serve: listening on http://" << host << ":" << bound << "/a"
                   << std::endl;
         server.listen_after_bind();
         return kExitOk;
       }});
}

}  // namespace frlic::cli
