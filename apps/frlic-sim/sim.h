// frlic-sim: reference implementations of the customer side's file-producing parts (the
// machine tool, the licence server), so every flow is tested with only what a customer holds.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "exit_codes.h"
#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/customer/server_request.h"
#include "frlic/keys/keyring.h"

namespace frlic::sim {

using Action = std::function<int()>;
struct Command {
  CLI::App* app;
  Action action;
};

// Prints "frlic-sim: error: ..." (+ problems, + hint) and returns the exit code, using the
// same numbering as frlic (docs/cli.md).
int ReportError(const Error& error);
using app::ExitCodeFor;

// "Now": FRLIC_NOW (YYYY-MM-DDTHH:MM:SSZ) when set, so tests and support staff can pin it.
Result<UnixSeconds> SimNow();
// FRLIC_RANDOM_SEED (64 hex digits) makes the randomness reproducible, with a warning that
// `what` is then predictable; otherwise the system's.
Result<std::unique_ptr<Random>> SimRandom(const std::string& what);
// The issuer's keyring (public halves suffice): --keys, else $FRLIC_KEYS.
Result<Keyring> IssuerKeys(const std::string& flag);

// The reference servers' language (-language; seed 001: Simplified Chinese by default).
enum class Language { kChinese, kEnglish };
Result<Language> ParseLanguage(const std::string& text);  // "zh" | "en", else kInvalidInput
// The answer code's meaning in that language (seed 001's and 002's tables).
const char* ServerCodeMessage(ServerCode code, Language language);
// Prints the answer as one JSON line {"code","name","message"[,"detail"]}, the message in
// `language`; returns 0 for code 0, else 1.
int PrintAnswer(const ServerVerdict& verdict, Language language, bool unbind);

void AddCloud(CLI::App& app, std::vector<Command>& commands);
void AddComponent(CLI::App& app, std::vector<Command>& commands);
void AddProduct(CLI::App& app, std::vector<Command>& commands);
void AddMachine(CLI::App& app, std::vector<Command>& commands);
void AddServer(CLI::App& app, std::vector<Command>& commands);

}  // namespace frlic::sim
