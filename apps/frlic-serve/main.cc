// frlic-serve: `frlic serve`'s activation page, a program of its own so that only it links the
// HTTP server. frlic execs it as `frlic-serve serve ARGS...` (cmd_serve.cc); it parses the
// same command line as frlic would and offers the one command.
#include "run_cli.h"
#include "serve_page.h"

int main(int argc, char** argv) {
  using namespace frlic::cli;
  return RunCli(argc, argv, {{{"serve"}, AddServePage}});
}
