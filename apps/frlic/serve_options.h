// The options of `frlic serve`, declared once for both programs that parse them: frlic, which
// prints the command's help and checks its arguments, then hands the command line to
// frlic-serve; and frlic-serve, which runs the page (cpp-httplib and its dependencies are
// linked there only, so no other frlic command loads them).
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "cli.h"
#include "frlic/activation/request_framing.h"

namespace frlic::cli {

struct PageServerLimits {
  RequestLimits request;
  int header_timeout_seconds = 10;  // from accepting the connection to the end of the headers
  int read_timeout_seconds = 10;    // from the end of the headers to the end of the body
  int write_timeout_seconds = 10;   // to send the response
  std::size_t max_connections = 256;
  std::size_t workers = 4;  // requests answered at once (the ledger serialises them anyway)
};

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  int burst = 10;          // requests at once per client
  int refill_seconds = 6;  // then one every this many seconds (10 a minute)
  std::vector<std::string> trust_proxy;
  PageServerLimits limits;
};

// Adds the `serve` subcommand with its options (filling `serve` and `options`) to `app`.
CLI::App* AddServeCommand(CLI::App& app, GlobalOptions& options, ServeOptions& serve);

// The program that runs the page: frlic-serve in the directory of the running executable
// (/proc/self/exe, never $PATH), so a frlic always runs the frlic-serve built or installed
// with it.
inline constexpr const char* kServeProgram = "frlic-serve";

}  // namespace frlic::cli
