// libpq, opened on first use instead of at every start (issue 13's fast start, issue 14).
//
// libpq.so.5 brings Kerberos, LDAP, SASL and their dependencies (about a dozen libraries),
// which only a command given a postgresql:// ledger uses. This file defines the libpq functions
// frlic calls, each with libpq-fe.h's own declaration (a different signature does not compile),
// and each calls the real function, looked up in libpq.so.5 (dlopen, RTLD_LOCAL). Linking this
// library instead of -lpq keeps the driver (postgres_connection.cc) unchanged.
//
// Unlike libarchive's forwarders, nothing here ends the process: PostgresConnection::Open calls
// LoadLibpq first and returns its Error when libpq.so.5 or one of the functions below is
// missing, so every forwarder runs only once every real function has been found.
//
// A function the driver starts calling must be added below (the link fails with "undefined
// reference to PQ..." until it is).
#include "libpq_on_demand.h"

#include <dlfcn.h>
#include <libpq-fe.h>

#include <array>
#include <mutex>

namespace {

constexpr const char* kLibpqSoname = "libpq.so.5";

// The functions below, by name, in the order of their definitions.
#define FRLIC_LIBPQ_FUNCTIONS(X)                                                                   \
  X(PQclear)                                                                                       \
  X(PQcmdStatus)                                                                                   \
  X(PQconnectdb) X(PQconninfoFree) X(PQconninfoParse) X(PQerrorMessage) X(PQexec) X(PQexecParams)  \
      X(PQfinish) X(PQfreemem) X(PQftype) X(PQgetisnull) X(PQgetlength) X(PQgetvalue) X(PQnfields) \
          X(PQntuples) X(PQresultErrorField) X(PQresultErrorMessage) X(PQresultStatus)             \
              X(PQsetClientEncoding) X(PQsetNoticeProcessor) X(PQstatus) X(PQunescapeBytea)

enum FunctionIndex {
#define FRLIC_LIBPQ_INDEX(name) k_##name,
  FRLIC_LIBPQ_FUNCTIONS(FRLIC_LIBPQ_INDEX) kFunctionCount
#undef FRLIC_LIBPQ_INDEX
};

struct Loaded {
  std::array<void*, kFunctionCount> functions{};
  std::string error;  // empty when every function was found
};

const Loaded& Load() {
  static const Loaded loaded = [] {
    Loaded result;
    void* handle = ::dlopen(kLibpqSoname, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = ::dlerror();
      result.error = why != nullptr ? why : kLibpqSoname;
      return result;
    }
    const char* names[] = {
#define FRLIC_LIBPQ_NAME(name) #name,
        FRLIC_LIBPQ_FUNCTIONS(FRLIC_LIBPQ_NAME)
#undef FRLIC_LIBPQ_NAME
    };
    for (int i = 0; i < kFunctionCount; ++i) {
      // dlsym with the library's handle never finds the definitions in this file.
      result.functions[static_cast<std::size_t>(i)] = ::dlsym(handle, names[i]);
      if (result.functions[static_cast<std::size_t>(i)] == nullptr) {
        result.error = std::string(kLibpqSoname) + ": no symbol " + names[i];
        return result;
      }
    }
    return result;
  }();
  return loaded;
}

}  // namespace

namespace frlic::sql {

std::string LoadLibpq() { return Load().error; }

}  // namespace frlic::sql

// Defines `name` with the parameters `params`, calling the function Load found. Only reached
// after LoadLibpq succeeded (PostgresConnection::Open), so the pointer is never null.
#define FRLIC_ON_DEMAND(result, name, params, args)                              \
  extern "C" result name params {                                                \
    return reinterpret_cast<decltype(&::name)>(Load().functions[k_##name]) args; \
  }

FRLIC_ON_DEMAND(void, PQclear, (PGresult * p0), (p0))
FRLIC_ON_DEMAND(char*, PQcmdStatus, (PGresult * p0), (p0))
FRLIC_ON_DEMAND(PGconn*, PQconnectdb, (const char* p0), (p0))
FRLIC_ON_DEMAND(void, PQconninfoFree, (PQconninfoOption * p0), (p0))
FRLIC_ON_DEMAND(PQconninfoOption*, PQconninfoParse, (const char* p0, char** p1), (p0, p1))
FRLIC_ON_DEMAND(char*, PQerrorMessage, (const PGconn* p0), (p0))
FRLIC_ON_DEMAND(PGresult*, PQexec, (PGconn * p0, const char* p1), (p0, p1))
FRLIC_ON_DEMAND(PGresult*, PQexecParams,
                (PGconn * p0, const char* p1, int p2, const Oid* p3, const char* const* p4,
                 const int* p5, const int* p6, int p7),
                (p0, p1, p2, p3, p4, p5, p6, p7))
FRLIC_ON_DEMAND(void, PQfinish, (PGconn * p0), (p0))
FRLIC_ON_DEMAND(void, PQfreemem, (void* p0), (p0))
FRLIC_ON_DEMAND(Oid, PQftype, (const PGresult* p0, int p1), (p0, p1))
FRLIC_ON_DEMAND(int, PQgetisnull, (const PGresult* p0, int p1, int p2), (p0, p1, p2))
FRLIC_ON_DEMAND(int, PQgetlength, (const PGresult* p0, int p1, int p2), (p0, p1, p2))
FRLIC_ON_DEMAND(char*, PQgetvalue, (const PGresult* p0, int p1, int p2), (p0, p1, p2))
FRLIC_ON_DEMAND(int, PQnfields, (const PGresult* p0), (p0))
FRLIC_ON_DEMAND(int, PQntuples, (const PGresult* p0), (p0))
FRLIC_ON_DEMAND(char*, PQresultErrorField, (const PGresult* p0, int p1), (p0, p1))
FRLIC_ON_DEMAND(char*, PQresultErrorMessage, (const PGresult* p0), (p0))
FRLIC_ON_DEMAND(ExecStatusType, PQresultStatus, (const PGresult* p0), (p0))
FRLIC_ON_DEMAND(int, PQsetClientEncoding, (PGconn * p0, const char* p1), (p0, p1))
FRLIC_ON_DEMAND(PQnoticeProcessor, PQsetNoticeProcessor,
                (PGconn * p0, PQnoticeProcessor p1, void* p2), (p0, p1, p2))
FRLIC_ON_DEMAND(ConnStatusType, PQstatus, (const PGconn* p0), (p0))
FRLIC_ON_DEMAND(unsigned char*, PQunescapeBytea, (const unsigned char* p0, size_t* p1), (p0, p1))
