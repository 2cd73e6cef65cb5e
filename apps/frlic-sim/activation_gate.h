// The activation step that the product and the container component share (frlic-sim product,
// frlic-sim component): show a QR (PNG + payload), check a typed code, forget the activation on
// a restart. The gate's state is a JSON file the sim keeps between runs.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "frlic/core/status.h"

namespace frlic::sim {

struct GateOptions {
  std::string activation_secret;  // file exported by `frlic keys export-activation-secret`
  std::string state;              // the gate's state file
  std::string project = "default-project";  // the project's identity (its install id)
  std::string activation_url;               // the vendor page the QR points at
  std::string qr;                           // write a QR PNG here
  std::string code;                         // check this code
  bool restart = false;                     // the product restarted
  std::string release;                      // "Re-register": write the release QR PNG here
  std::string release_url;                  // the vendor page the release QR points at
  std::int64_t nodes = 1;                   // the cluster's nodes (all share the project identity)
  bool json = false;
};

// Adds --activation-secret, --state, --project, --activation-url, --qr, --code, --restart,
// --release, --release-url, --nodes.
void AddGateOptions(CLI::App* command, GateOptions& options);
bool GateRequested(const GateOptions& options);

// Whether the gate whose state file is `state_path` has an activated project (false when the
// file does not exist yet).
Result<bool> GateActivated(const std::string& state_path);

// Runs what the options ask for the licence `serial` signed by `key_id` whose capacity is
// `capacity` (cluster nodes). Prints the payload (QR), the verdict (code) or the release as one
// JSON line; returns the exit code (0 accepted/shown/released, 1 refused).
int RunGate(const GateOptions& options, const std::string& serial, const std::string& key_id,
            std::int64_t capacity);

}  // namespace frlic::sim
