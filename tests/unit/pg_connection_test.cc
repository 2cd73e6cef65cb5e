// The PostgreSQL driver (lib/frlic/postgres/postgres_connection.h) against a real server.
#include <atomic>
#include <thread>

#include "frlic/postgres/postgres_connection.h"
#include "frlic/sql/sql_retry.h"
#include "pg_test_database.h"

namespace frlic {
namespace {

using sql::PostgresConnection;
using sql::Statement;
using sql::Transaction;

TEST(PgPlaceholderTest, RewritesNumberedAndBarePlaceholdersOutsideLiterals) {
  EXPECT_EQ(sql::RewritePlaceholders("SELECT a FROM t WHERE b = ?1 AND c = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = $12");
  EXPECT_EQ(sql::RewritePlaceholders("VALUES (?, ?, ?5, ?)"), "VALUES ($1, $2, $5, $6)");
  EXPECT_EQ(sql::RewritePlaceholders("SELECT '?1', 'it''s ?', \"odd?col\", ?2"),
            "SELECT '?1', 'it''s ?', \"odd?col\", $2");
  EXPECT_EQ(sql::RewritePlaceholders("SELECT ?1 -- why ?2\n, /* ?3 */ ?4"),
            "SELECT $1 -- why ?2\n, /* ?3 */ $4");
  EXPECT_EQ(sql::RewritePlaceholders("SELECT 'unterminated ?1"), "SELECT 'unterminated ?1");
}

TEST(PgPlaceholderTest, RecognisesPostgresUrlsAndRedactsTheirPasswords) {
  EXPECT_TRUE(sql::IsPostgresUrl("postgresql://h/db"));
  EXPECT_TRUE(sql::IsPostgresUrl("postgres://h/db"));
  EXPECT_FALSE(sql::IsPostgresUrl("ledger.db"));
  EXPECT_FALSE(sql::IsPostgresUrl("/var/lib/postgresql/ledger.db"));
  EXPECT_EQ(sql::RedactPostgresUrl("postgresql://u:s3cr%40t@h:5432/db?sslmode=require"),
            "postgresql://u:***@h:5432/db?sslmode=require");
  EXPECT_EQ(sql::RedactPostgresUrl("postgres://u@h/db?sslmode=verify-full&password=pw&x=1"),
            "postgres://u@h/db?sslmode=verify-full&password=***&x=1");
  EXPECT_EQ(sql::RedactPostgresUrl("postgresql:///db?host=/tmp/s"), "postgresql:///db?host=/tmp/s");
}

class PgConnectionTest : public pg_test::PgDatabaseTest {};

TEST_F(PgConnectionTest, RoundTripsTextIntegersNullsAndBytea) {
  auto db = Connect();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(
      db->Exec("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, data BYTEA, note TEXT)", "create")
          .ok());
  Bytes every_byte;
  for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<std::uint8_t>(b));
  {
    auto insert = db->Prepare("INSERT INTO t (id, name, data, note) VALUES (?1, ?2, ?3, ?4)");
    ASSERT_TRUE(insert.ok()) << insert.error().message();
    ASSERT_TRUE(insert->Bind(1, std::int64_t{-9007199254740993})
                    .Bind(2, "o'neil \"?1\" \xE2\x9C\x93")
                    .BindBlob(3, every_byte)
                    .BindNull(4)
                    .Run()
                    .ok());
    // A bind after a run executes again, like sqlite3_reset.
    ASSERT_TRUE(
        insert->Bind(1, std::int64_t{2}).Bind(2, "").BindBlob(3, Bytes{}).Bind(4, "x").Run().ok());
  }
  auto query = db->Prepare("SELECT id, name, data, note, id > 0 FROM t ORDER BY id");
  ASSERT_TRUE(query.ok()) << query.error().message();
  auto row = query->Step();
  ASSERT_TRUE(row.ok() && *row) << (row.ok() ? "" : row.error().message());
  EXPECT_EQ(query->Int(0), -9007199254740993);
  EXPECT_EQ(query->Text(1), "o'neil \"?1\" \xE2\x9C\x93");
  EXPECT_EQ(query->Blob(2), every_byte);
  EXPECT_TRUE(query->IsNull(3));
  EXPECT_EQ(query->Text(3), "");
  EXPECT_EQ(query->Int(4), 0);  // a boolean reads as 0 or 1
  row = query->Step();
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ(query->Int(0), 2);
  EXPECT_FALSE(query->IsNull(1));  // "" is not NULL
  EXPECT_FALSE(query->IsNull(2));  // an empty bytea is not NULL
  EXPECT_TRUE(query->Blob(2).empty());
  EXPECT_EQ(query->Int(4), 1);
  row = query->Step();
  ASSERT_TRUE(row.ok());
  EXPECT_FALSE(*row);
}

TEST_F(PgConnectionTest, FailedStatementNamesTheDatabaseAndSqlstateButNotThePassword) {
  auto db = Connect();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE t (serial TEXT PRIMARY KEY)", "create").ok());
  ASSERT_TRUE(db->Prepare("INSERT INTO t VALUES (?1)")->Bind(1, "FR-1").Run().ok());
  Status duplicate = db->Prepare("INSERT INTO t VALUES (?1)")->Bind(1, "FR-1").Run();
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code(), ErrorCode::kConflict);
  const std::string& message = duplicate.error().message();
  EXPECT_NE(message.find("duplicate key"), std::string::npos) << message;
  EXPECT_NE(message.find("SQLSTATE 23505"), std::string::npos) << message;
  EXPECT_NE(message.find("/" + database_), std::string::npos) << message;
  EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
  EXPECT_NE(message.find(":***@"), std::string::npos) << message;
  const std::string password =
      url_.substr(url_.find(':', 14) + 1, url_.find('@') - url_.find(':', 14) - 1);
  ASSERT_FALSE(password.empty());
  EXPECT_EQ(message.find(password), std::string::npos) << message;

  Status no_table = db->Prepare("SELECT * FROM missing WHERE a = ?1")->Bind(1, "x").Run();
  ASSERT_FALSE(no_table.ok());
  EXPECT_EQ(no_table.error().code(), ErrorCode::kLedgerCorrupt);
  EXPECT_NE(no_table.error().message().find("SQLSTATE 42P01"), std::string::npos);

  Status out_of_range = db->Prepare("SELECT ?1")->Bind(2, "x").Run();
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_EQ(out_of_range.error().code(), ErrorCode::kInternal);
}

TEST_F(PgConnectionTest, ConnectionFailuresNameHostAndDatabaseButNeverThePassword) {
  // The right user with a wrong password, spelled in the userinfo and as a query parameter.
  const std::string wrong = "Wr0ngPassw0rd-31337";
  const std::size_t colon = url_.find(':', std::string("postgresql://").size());
  const std::size_t at = url_.find('@');
  for (const std::string& url :
       {url_.substr(0, colon + 1) + wrong + url_.substr(at),
        url_.substr(0, colon) + url_.substr(at) + "?password=" + wrong + "&connect_timeout=5"}) {
    auto connection = PostgresConnection::Open(url);
    ASSERT_FALSE(connection.ok());
    const std::string& message = connection.error().message();
    EXPECT_EQ(connection.error().code(), ErrorCode::kIo);
    EXPECT_EQ(message.find(wrong), std::string::npos) << message;
    EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
    EXPECT_NE(message.find(database_), std::string::npos) << message;
    EXPECT_NE(message.find("password authentication failed"), std::string::npos) << message;
  }
  auto missing = PostgresConnection::Open(pg_test::WithDatabase(url_, "frlic_no_such_db"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("frlic_no_such_db"), std::string::npos);
}

TEST_F(PgConnectionTest, CommitOfAFailedTransactionIsAnError) {
  auto db = Connect();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE t (a INT PRIMARY KEY)", "create").ok());
  auto txn = Transaction::Begin(*db, Transaction::Mode::kWrite);
  ASSERT_TRUE(txn.ok()) << txn.error().message();
  ASSERT_TRUE(db->Exec("INSERT INTO t VALUES (1)", "insert").ok());
  ASSERT_FALSE(db->Exec("INSERT INTO t VALUES (1)", "insert").ok());
  EXPECT_FALSE(txn->Commit().ok());
  auto count = db->Prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count.ok() && *count->Step());
  EXPECT_EQ(count->Int(0), 0);
}

TEST_F(PgConnectionTest, WriteTransactionsOfTwoConnectionsSerialize) {
  auto first = Connect();
  auto second = Connect();
  auto observer = Connect();
  ASSERT_TRUE(first && second && observer);
  auto held = Transaction::Begin(*first, Transaction::Mode::kWrite);
  ASSERT_TRUE(held.ok()) << held.error().message();

  std::atomic<bool> second_began{false};
  std::thread waiter([&] {
    auto txn = Transaction::Begin(*second, Transaction::Mode::kWrite);
    second_began = txn.ok();
    if (txn.ok()) (void)txn->Commit();
  });
  // Wait until the second writer is queued on the advisory lock (at most 10 s).
  bool queued = false;
  for (int i = 0; i < 1000 && !queued; ++i) {
    auto waiting = observer->Prepare(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
    ASSERT_TRUE(waiting.ok() && *waiting->Step());
    queued = waiting->Int(0) == 1;
    if (!queued) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(queued);
  EXPECT_FALSE(second_began);
  ASSERT_TRUE(held->Commit().ok());
  waiter.join();
  EXPECT_TRUE(second_began);

  // A read transaction takes no lock: it proceeds while a writer holds it.
  auto writer = Transaction::Begin(*first, Transaction::Mode::kWrite);
  ASSERT_TRUE(writer.ok());
  auto reader = Transaction::Begin(*second, Transaction::Mode::kRead);
  EXPECT_TRUE(reader.ok());
}

TEST_F(PgConnectionTest, RetriesSerializationFailuresAndDeadlocksWithABound) {
  auto db = Connect();
  ASSERT_NE(db, nullptr);
  const sql::RetryPolicy fast{5, std::chrono::milliseconds(1)};
  // Fails with `sqlstate` inside a write transaction for the first `failures` attempts.
  auto failing_attempts = [&](const char* sqlstate, int failures, int& attempts) {
    return [&db, sqlstate, failures, &attempts]() -> Status {
      ++attempts;
      FRLIC_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db, Transaction::Mode::kWrite));
      if (attempts <= failures) {
        const std::string raise = std::string("DO $$ BEGIN RAISE EXCEPTION 'injected' USING ") +
                                  "ERRCODE = '" + sqlstate + "'; END $$";
        FRLIC_RETURN_IF_ERROR(db->Exec(raise.c_str(), "injecting"));
      }
      return txn.Commit();
    };
  };
  for (const char* transient : {"40001", "40P01"}) {
    int attempts = 0;
    Status status = sql::WithTransientRetry(*db, failing_attempts(transient, 2, attempts), fast);
    EXPECT_TRUE(status.ok()) << status.error().message();
    EXPECT_EQ(attempts, 3) << transient;
  }
  int attempts = 0;
  Status exhausted = sql::WithTransientRetry(*db, failing_attempts("40001", 100, attempts), fast);
  ASSERT_FALSE(exhausted.ok());
  EXPECT_EQ(attempts, 5);
  EXPECT_EQ(exhausted.error().code(), ErrorCode::kBusy);
  EXPECT_NE(exhausted.error().message().find("gave up after 5 attempts"), std::string::npos);
  EXPECT_NE(exhausted.error().message().find("SQLSTATE 40001"), std::string::npos);

  attempts = 0;
  Status permanent = sql::WithTransientRetry(*db, failing_attempts("23505", 100, attempts), fast);
  ASSERT_FALSE(permanent.ok());
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(permanent.error().code(), ErrorCode::kConflict);

  // Result<T> attempts are retried the same way.
  attempts = 0;
  Result<int> value = sql::WithTransientRetry(
      *db,
      [&]() -> Result<int> {
        FRLIC_RETURN_IF_ERROR(failing_attempts("40P01", 1, attempts)());
        return attempts;
      },
      fast);
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 2);
}

}  // namespace
}  // namespace frlic
