#include "serve_options.h"

namespace frlic::cli {

CLI::App* AddServeCommand(CLI::App& app, GlobalOptions& options, ServeOptions& serve) {
  auto* command = app.add_subcommand(
      "serve", "Serve the activation page that products' QR codes point at (GET /a?...)");
  ServeOptions* o = &serve;
  command->add_option("--listen", o->listen,
                      "HOST:PORT (default 127.0.0.1:8080; port 0 picks a free one)");
  command->add_option("--burst", o->burst, "Requests a client may make at once")
      ->check(CLI::Range(1, 1000));
  command
      ->add_option("--refill-seconds", o->refill_seconds,
                   "Then one more request every this many seconds")
      ->check(CLI::Range(1, 3600));
  command
      ->add_option("--trust-proxy", o->trust_proxy,
                   "ADDRESS[/PREFIX] of a reverse proxy in front of the page: requests from it "
                   "are rate-limited by the right-most X-Forwarded-For hop that is not a "
                   "trusted proxy (repeatable; default: no proxy, the header is ignored)")
      ->take_all();
  command
      ->add_option("--max-body-bytes", o->limits.request.max_body_bytes,
                   "Larger request bodies are refused with 413 unread (default 8192)")
      ->check(CLI::Range(0, 1 << 20));
  command
      ->add_option("--header-timeout", o->limits.header_timeout_seconds,
                   "Seconds a client has to send its request line and headers (default 10)")
      ->check(CLI::Range(1, 300));
  command
      ->add_option("--read-timeout", o->limits.read_timeout_seconds,
                   "Seconds a client has to send its body after the headers (default 10)")
      ->check(CLI::Range(1, 300));
  command
      ->add_option("--write-timeout", o->limits.write_timeout_seconds,
                   "Seconds to send a response before the connection is dropped (default 10)")
      ->check(CLI::Range(1, 300));
  command
      ->add_option("--max-connections", o->limits.max_connections,
                   "Connections open at once; more are answered 503 (default 256)")
      ->check(CLI::Range(1, 512));
  AddKeysOption(command, options);
  AddLedgerOption(command, options);
  AddPassphraseOption(command, options);
  AddExampleKeysFlag(command, options);
  return command;
}

}  // namespace frlic::cli
