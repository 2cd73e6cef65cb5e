// frlic serve: the command's options and help live here (serve_options.h); the page itself is
// the separate program frlic-serve, which this command execs with the same arguments. So the
// HTTP server (cpp-httplib, with OpenSSL's TLS and brotli) is loaded only by the one command
// that serves, and every other frlic command starts without it. exec keeps the process id,
// the environment and the open descriptors (--passphrase-fd), so to the caller nothing
// changes: same arguments, same output, same exit codes, same process to signal.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "serve_options.h"

namespace frlic::cli {
namespace {

// frlic-serve beside the running executable.
Result<std::string> ServeProgramPath() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) {
    return Error(ErrorCode::kIo,
                 "cannot find the running frlic (/proc/self/exe): " + error.message());
  }
  return (self.parent_path() / kServeProgram).string();
}

}  // namespace

void AddServe(CLI::App& app, GlobalOptions& options, std::vector<Command>& commands) {
  // The parsed values are not used here (frlic-serve parses the same arguments again); parsing
  // them in frlic keeps help and usage errors where every other command's are. The action owns
  // `serve`: CLI11 writes into it while parsing.
  auto serve = std::make_shared<ServeOptions>();
  CLI::App* command = AddServeCommand(app, options, *serve);
  commands.push_back(
      {command, [&options, serve]() -> int {
         auto program = ServeProgramPath();
         if (!program.ok()) return ReportError(options, program.error());
         std::vector<char*> argv;
         argv.push_back(program->data());
         for (std::string& argument : options.arguments) {
           argv.push_back(argument.data());
         }
         argv.push_back(nullptr);
         std::cout.flush();
         ::execv(program->c_str(), argv.data());
         const int why = errno;
         return ReportError(
             options, Error(ErrorCode::kNotFound,
                            "frlic serve runs " + *program +
                                ", which could not be started: " + std::strerror(why),
                            std::string("build or install ") + kServeProgram +
                                " in the same directory as frlic (cmake --build builds both)"));
       }});
}

}  // namespace frlic::cli
