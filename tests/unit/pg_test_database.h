// A fresh PostgreSQL database per test, on the server named by FRLIC_TEST_PG_URL (a superuser
// URL; scripts/pg-test-server.sh starts a throwaway server and prints it). Without that
// variable the test is skipped, or fails when FRLIC_REQUIRE_PG=1 (as in CI, so that a missing
// server cannot hide a regression).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>

#include "frlic/postgres/postgres_connection.h"

namespace frlic::pg_test {

inline constexpr const char* kHowToStart =
    "no PostgreSQL for the tests: start one with\n"
    "  eval \"$(bash scripts/pg-test-server.sh start /tmp/frlic-pg)\"\n"
    "(it exports FRLIC_TEST_PG_URL) and stop it with\n"
    "  bash scripts/pg-test-server.sh stop /tmp/frlic-pg";

inline std::string EnvOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// `url` with its database (the path) replaced by `database`.
inline std::string WithDatabase(const std::string& url, const std::string& database) {
  const std::size_t scheme_end = url.find("://");
  const std::size_t path = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  const std::size_t query = url.find('?', path == std::string::npos ? 0 : path);
  const std::string rest = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, path == std::string::npos ? url.find('?') : path) + "/" + database + rest;
}

// A new, empty database on the test server, dropped on destruction. Call from SetUp through
// FRLIC_PG_SCRATCH_DATABASE, which skips or fails the test as above.
class ScratchDatabase {
 public:
  // "" when created; else why not (no server configured: kHowToStart).
  std::string Create() {
    admin_url_ = EnvOrEmpty("FRLIC_TEST_PG_URL");
    if (admin_url_.empty()) return kHowToStart;
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    database_ = "frlic_test_" + std::to_string(getpid()) + "_" + std::to_string(stamp);
    auto admin = sql::PostgresConnection::Open(admin_url_);
    if (!admin.ok()) return admin.error().message();
    Status created = (*admin)->Exec(("CREATE DATABASE " + database_).c_str(), "create");
    if (!created.ok()) return created.error().message();
    url_ = WithDatabase(admin_url_, database_);
    return "";
  }
  ScratchDatabase() = default;
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  ~ScratchDatabase() {
    if (url_.empty()) return;
    auto admin = sql::PostgresConnection::Open(admin_url_);
    if (admin.ok()) {
      (void)(*admin)->Exec(("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)").c_str(),
                           "drop");
    }
  }
  const std::string& admin_url() const { return admin_url_; }
  const std::string& url() const { return url_; }  // the superuser's URL of this database
  const std::string& name() const { return database_; }

 private:
  std::string admin_url_;
  std::string database_;
  std::string url_;
};

// In a SetUp: creates `scratch` (a ScratchDatabase) or skips the test, or fails it when
// FRLIC_REQUIRE_PG=1.
#define FRLIC_PG_SCRATCH_DATABASE(scratch)                             \
  do {                                                                 \
    const std::string why_not = (scratch).Create();                    \
    if (!why_not.empty()) {                                            \
      if (::frlic::pg_test::EnvOrEmpty("FRLIC_TEST_PG_URL").empty() && \
          ::frlic::pg_test::EnvOrEmpty("FRLIC_REQUIRE_PG") != "1") {   \
        GTEST_SKIP() << why_not;                                       \
      }                                                                \
      FAIL() << why_not;                                               \
    }                                                                  \
  } while (false)

class PgDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<ScratchDatabase>();
    FRLIC_PG_SCRATCH_DATABASE(*scratch_);
    admin_url_ = scratch_->admin_url();
    database_ = scratch_->name();
    url_ = scratch_->url();
  }

  void TearDown() override { scratch_.reset(); }

  // A new connection to this test's database (as the superuser).
  std::unique_ptr<sql::PostgresConnection> Connect() {
    auto connection = sql::PostgresConnection::Open(url_);
    EXPECT_TRUE(connection.ok()) << connection.error().message();
    return connection.ok() ? std::move(connection).value() : nullptr;
  }

  std::unique_ptr<ScratchDatabase> scratch_;
  std::string admin_url_;
  std::string database_;
  std::string url_;
};

}  // namespace frlic::pg_test
