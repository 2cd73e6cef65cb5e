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

class PgDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_url_ = EnvOrEmpty("FRLIC_TEST_PG_URL");
    if (admin_url_.empty()) {
      if (EnvOrEmpty("FRLIC_REQUIRE_PG") == "1") FAIL() << "FRLIC_REQUIRE_PG=1 but " << kHowToStart;
      GTEST_SKIP() << kHowToStart;
    }
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    database_ = "frlic_test_" + std::to_string(getpid()) + "_" + std::to_string(stamp);
    auto admin = sql::PostgresConnection::Open(admin_url_);
    ASSERT_TRUE(admin.ok()) << admin.error().message();
    ASSERT_TRUE((*admin)->Exec(("CREATE DATABASE " + database_).c_str(), "create").ok());
    url_ = WithDatabase(admin_url_, database_);
  }

  void TearDown() override {
    if (database_.empty()) return;
    auto admin = sql::PostgresConnection::Open(admin_url_);
    if (admin.ok()) {
      (void)(*admin)->Exec(("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)").c_str(),
                           "drop");
    }
  }

  // A new connection to this test's database (as the superuser).
  std::unique_ptr<sql::PostgresConnection> Connect() {
    auto connection = sql::PostgresConnection::Open(url_);
    EXPECT_TRUE(connection.ok()) << connection.error().message();
    return connection.ok() ? std::move(connection).value() : nullptr;
  }

  std::string admin_url_;
  std::string database_;
  std::string url_;
};

}  // namespace frlic::pg_test
