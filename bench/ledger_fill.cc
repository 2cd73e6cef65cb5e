// frlic_ledger_fill: grows a ledger to N records fast, for bench/ledger_scale.sh.
//   frlic_ledger_fill LEDGER TEMPLATE-SERIAL N
// Copies the record TEMPLATE-SERIAL (one real `frlic issue`, with its terms, digests and kept
// Container.lic) N times under new serials, order ids and artifact paths, each through the
// issue steps a real run takes (BeginIssue, MarkPublishing, CompleteIssue: three hash-chained
// events), 1,000 records per transaction. Running N processes of `frlic issue` would take
// hours; the ledger it leaves has the same shape. Prints what it added; exit 1 on an error.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "frlic/core/clock.h"
#include "frlic/ledger/ledger.h"

namespace {

int Fail(const frlic::Error& error) {
  std::fprintf(stderr, "frlic_ledger_fill: error: %s\n", error.message().c_str());
  return 1;
}

constexpr long kRecordsPerTransaction = 1000;

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: frlic_ledger_fill LEDGER TEMPLATE-SERIAL N\n");
    return 2;
  }
  const std::string ledger_path = argv[1];
  const std::string template_serial = argv[2];
  const long count = std::strtol(argv[3], nullptr, 10);
  frlic::SystemClock clock;
  auto opened = frlic::Ledger::Open(ledger_path, clock);
  if (!opened.ok()) return Fail(opened.error());
  frlic::Ledger& ledger = **opened;
  auto found = ledger.FindBySerial(template_serial);
  if (!found.ok()) return Fail(found.error());
  if (!found->has_value()) {
    std::fprintf(stderr, "frlic_ledger_fill: no record %s\n", template_serial.c_str());
    return 1;
  }
  frlic::LedgerRecord record = **found;
  auto copy = ledger.StoredArtifact(template_serial);
  if (!copy.ok()) return Fail(copy.error());
  if (copy->has_value()) record.artifact_copy = **copy;
  const std::string artifact_dir = record.artifact_path.substr(0, record.artifact_path.rfind('/'));
  const std::string file_name = record.artifact_path.substr(record.artifact_path.rfind('/') + 1);

  const auto start = std::chrono::steady_clock::now();
  for (long done = 0; done < count;) {
    const long batch = std::min(kRecordsPerTransaction, count - done);
    frlic::Status status = ledger.Transaction([&](frlic::LedgerTxn& txn) -> frlic::Status {
      for (long i = done; i < done + batch; ++i) {
        const std::string suffix = "-F" + std::to_string(i);
        frlic::LedgerRecord added = record;
        added.serial = template_serial + suffix;
        added.order_id = record.order_id + suffix;
        added.artifact_path = artifact_dir + suffix + "/" + file_name;
        added.parent_serial.clear();
        FRLIC_RETURN_IF_ERROR(txn.BeginIssue(added));
        FRLIC_RETURN_IF_ERROR(txn.MarkPublishing(added.serial));
        FRLIC_RETURN_IF_ERROR(txn.CompleteIssue(added.serial));
      }
      return frlic::Ok();
    });
    if (!status.ok()) return Fail(status.error());
    done += batch;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("added %ld records (copies of %s) in %.2f s\n", count, template_serial.c_str(),
              seconds);
  return 0;
}
