// Bounded retry of a whole transaction after a serialization failure or a deadlock (PostgreSQL
// SQLSTATE 40001, 40P01): the database rolled the transaction back, and running it again from
// the start is the documented cure. Other failures are returned at once.
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include "frlic/core/status.h"
#include "sql_connection.h"

namespace frlic::sql {

struct RetryPolicy {
  int max_attempts = 5;
  // Doubled after each failed attempt: 10, 20, 40, 80 ms by default.
  std::chrono::milliseconds first_backoff{10};
};

// Runs `attempt` (which begins, does and commits one transaction on `connection`, returning a
// Status or a Result<T>) until it succeeds, fails for a non-transient reason, or has failed
// transiently `policy.max_attempts` times; the last failure's message then says so.
template <typename Attempt>
auto WithTransientRetry(Connection& connection, Attempt&& attempt, RetryPolicy policy = {})
    -> decltype(attempt()) {
  std::chrono::milliseconds backoff = policy.first_backoff;
  for (int tries = 1;; ++tries) {
    connection.ClearTransientFailure();
    auto outcome = attempt();
    if (outcome.ok() || !connection.HadTransientFailure()) return outcome;
    if (tries >= policy.max_attempts) {
      return std::move(outcome).error().Context("gave up after " + std::to_string(tries) +
                                                " attempts");
    }
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

}  // namespace frlic::sql
