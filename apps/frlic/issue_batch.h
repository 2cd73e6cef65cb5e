// frlic issue with many orders (docs/cli.md, "Issuing a batch"): several --order, --orders DIR
// or --orders-from FILE. One JSON line per order and a summary with --json, one line per order
// and a summary in text, `N/M orders` on a terminal's stderr while it runs.
#pragma once

#include <string>
#include <vector>

#include "cli.h"
#include "frlic/issue/issue.h"

namespace frlic::cli {

// Where the orders of one `frlic issue` come from.
struct OrderSources {
  std::vector<std::string> orders;  // --order, repeatable
  std::string orders_dir;           // --orders DIR
  std::string orders_from;          // --orders-from FILE ("-": stdin)
  // One --order and nothing else: today's single issue, its layout and output unchanged.
  bool IsBatch() const { return orders.size() != 1 || !orders_dir.empty() || !orders_from.empty(); }
};

struct BatchFlags {
  std::string rif_dir;  // --rif-dir
  bool keep_going = false;
  unsigned jobs = 0;  // --jobs (0: every core)
};

int RunIssueBatch(const GlobalOptions& options, IssueRequest& common, const OrderSources& sources,
                  const BatchFlags& flags, const PasswordDestination& password);

}  // namespace frlic::cli
