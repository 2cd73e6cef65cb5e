// Issuing many orders in one run (docs/cli.md, "Issuing a batch"): every order is read and
// linted first, the key is unlocked once, the artifacts are signed, verified and staged on all
// cores, and the ledger records them in groups with the same two-phase promise as one issue
// (after a kill, every artifact has its record and every record its artifact; the next run's
// recovery settles the rest). Each order's randomness is derived from the run's Random in
// input order, so the bytes do not depend on thread scheduling.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frlic/core/clock.h"
#include "frlic/core/status.h"
#include "frlic/issue/issue.h"
#include "frlic/order/order.h"

namespace frlic {

// Orders recorded per ledger transaction (BeginIssue x N, MarkPublishing x N, CompleteIssue x N).
inline constexpr std::size_t kBatchGroupSize = 256;
// And at most about this many bytes of container images staged at once (a group ends once its
// images, each counted as the base image's size, reach it): 256 images of a 1 GB base would
// need 256 GB of disk before the first is recorded.
inline constexpr std::uint64_t kBatchGroupBytes = std::uint64_t{2} << 30;

enum class BatchStatus { kIssued, kAlreadyIssued, kFailed, kSkipped };
// "issued", "already_issued", "failed", "skipped" (not issued because another order failed and
// --keep-going was not given).
const char* BatchStatusName(BatchStatus status);

struct BatchItem {
  std::string order_path;
  std::string order_id;  // empty when the order did not load
  BatchStatus status = BatchStatus::kSkipped;
  std::optional<IssueResult> result = std::nullopt;  // issued or already issued
  std::optional<Error> error = std::nullopt;         // failed
};

struct BatchRequest {
  // What every order shares: keys, ledger, out_dir (order N's artifact goes to
  // out_dir/<order id>/<artifact>), force, init_ledger, templates, base image (read and
  // verified once for the batch), lock timeout, strict_private_ips, on_step (told each step
  // once per group; "renamed" after each rename). order_path and rif_path are not used.
  IssueRequest common;
  std::vector<std::string> order_paths;  // issued and reported in this order
  std::string rif_dir;                   // private cloud: <rif_dir>/<order id>.rif
  // Public cloud: each account's password goes to PasswordFileInDirectory(password_dir, order
  // id) as IssueRequest::password_file says; empty: only in the result.
  std::string password_dir;
  bool keep_going = false;  // issue the good orders even when some are bad
  // Threads that parse, sign and stage (0: std::thread::hardware_concurrency()) and renames in
  // flight (0: kCommitThreads).
  unsigned jobs = 0;
  std::size_t group_size = kBatchGroupSize;
  std::uint64_t group_bytes = kBatchGroupBytes;
  // For an order about to be issued (not one already issued), before anything is written;
  // a refusal fails that order. The CLI checks a public cloud password's destination here.
  std::function<Status(const Order& order, const std::string& order_path)> before_issue = {};
  // Each order once, in input order, when its outcome is final: `done` of `total`.
  std::function<void(const BatchItem& item, std::size_t done, std::size_t total)> on_item = {};
};

// Wall time of each phase, in seconds, for the benchmark's "where the time goes".
struct BatchTimings {
  double lint = 0;    // reading and checking every order
  double open = 0;    // keyring, ledger, lock, recovery, base image
  double plan = 0;    // re-run checks, paths, hosts, key unlock
  double build = 0;   // sign, verify, stage (all cores)
  double record = 0;  // ledger transactions, renames, directory fsyncs
};

struct BatchOutcome {
  std::vector<BatchItem> items;  // in input order
  std::size_t issued = 0, already_issued = 0, failed = 0, skipped = 0;
  BatchTimings seconds;
  // The first failed order's error (input order), if any: the run's exit code.
  const Error* FirstError() const;
};

// Issues `request.order_paths`. Without keep_going, nothing is issued when any order fails
// its checks (load, lint, --strict-private-ips, duplicate order id, RIF, re-run conflict,
// artifact path, host rules, before_issue): every problem of every order is reported and the
// others are kSkipped; a failure while building a group records none of it (its other orders
// are kSkipped, their staged files removed), a failure while recording one stops the run after
// it, and earlier groups stay issued. With keep_going the others are issued regardless. An Error
// only when the run cannot start (keyring, ledger, lock, base image, passphrase) or no order is
// given.
Result<BatchOutcome> IssueBatch(const BatchRequest& request, const Passphrase& passphrase,
                                const Clock& clock, Random& random);

// The order files of --orders DIR: every regular *.yaml and *.yml file directly in `dir`
// (not in subdirectories), sorted by name (bytewise). kNotFound when `dir` is not a directory.
Result<std::vector<std::string>> ListOrderFiles(const std::string& dir);

// The order files of --orders-from FILE: one path per line (a trailing CR is dropped); blank
// lines and lines starting with '#' are skipped; paths are used as written (relative to the
// working directory).
std::vector<std::string> ParseOrderList(std::string_view text);

}  // namespace frlic
