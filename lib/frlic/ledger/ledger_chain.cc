// The ledger's hash chain.
//
// Every change to a record appends one event (seq, at, serial, action, detail, prev_hash,
// hash). seq counts from 1 without gaps. For each event:
//
//   hash      = lower-case hex of SHA-256(message)
//   message   = "frlic-ledger-event-v1\n" + prev_hash + "\n" + canonical_json
//   prev_hash = the hash of the event with seq - 1; 64 '0' characters for seq 1
//   canonical_json = nlohmann::json{{"seq", seq}, {"at", FormatInstant(at)},
//                                   {"serial", serial}, {"action", action},
//                                   {"detail", detail}}.dump()
//
// that is, one JSON object with exactly those five members, serialised without any
// whitespace, object members (also inside detail) sorted by the bytes of their UTF-8 names,
// integers in plain decimal, strings as raw UTF-8 with only '"', '\' and the control
// characters U+0000..U+001F escaped (\b \t \n \f \r, else \u00xx with lower-case hex).
// "at" is the RFC 3339 UTC instant ("2026-11-23T01:01:01Z"). detail is a JSON object with no
// floating-point numbers; its "status" member is the record's status after the event.
// Actions: "begin-issue" (status pending; detail holds the record's fields, see
// BeginIssueDetail), "publish" (still pending: the artifact is about to be renamed into
// place), "issue" (active), "abort" (aborted, with "reason"), "restore" (a replaced licence
// gets its status back because its replacement was aborted), "account-create",
// "account-disable", "account-enable" (a public cloud account's changes: "status" is the
// record's unchanged status, "account" and "account_status" the account's name and new
// status; see AccountCreateDetail), and any other action names a status change made with
// SetStatus.
//
// The chain shows edits, deletions and reorderings of events, and (through the begin-issue
// detail and the last event's status) edits of records. It cannot show the removal of the
// newest events together with the matching record changes: keep the last hash elsewhere
// (e.g. in CI logs) to detect that.
#include "frlic/ledger/ledger_chain.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "frlic/core/bytes.h"
#include "frlic/core/time.h"
#include "frlic/core/worker_threads.h"

namespace frlic::ledger_internal {
namespace {

bool HasFloat(const Json& value) {
  if (value.is_number_float()) return true;
  if (value.is_structured()) {
    for (const auto& item : value) {
      if (HasFloat(item)) return true;
    }
  }
  return false;
}

std::string Quoted(const Json& value) {
  if (value.is_null()) return "(absent)";
  try {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
  } catch (const Json::exception&) {
    return "(unprintable)";
  }
}

std::string EventName(const LedgerEvent& event) {
  return "event " + std::to_string(event.seq) + " (" + event.action + " " + event.serial + ")";
}

// The top-level string members of a JSON object that Verify reads from every event ("status",
// and an account event's "account" and "account_status"), found with nlohmann's SAX parser so
// that no document is built. `complete` is false when the text is not one JSON object.
class TopLevelStrings final : public nlohmann::json_sax<Json> {
 public:
  std::optional<std::string> status, account, account_status;
  bool other_status = false;  // "status" is present but not a string

  bool null() override { return Value(nullptr); }
  bool boolean(bool) override { return Value(nullptr); }
  bool number_integer(number_integer_t) override { return Value(nullptr); }
  bool number_unsigned(number_unsigned_t) override { return Value(nullptr); }
  bool number_float(number_float_t, const string_t&) override { return Value(nullptr); }
  bool string(string_t& value) override { return Value(&value); }
  bool binary(binary_t&) override { return Value(nullptr); }
  bool start_object(std::size_t) override {
    StartValue();
    ++depth_;
    return true;
  }
  bool key(string_t& name) override {
    if (depth_ == 1) key_ = name;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    StartValue();
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  // A member of the top-level object that is not a string (an object, an array, a number).
  void StartValue() {
    if (depth_ == 1 && key_ == "status") other_status = true;
    key_.clear();
  }
  bool Value(const string_t* text) {
    if (depth_ != 1) return true;
    std::optional<std::string>* slot = key_ == "status"           ? &status
                                       : key_ == "account"        ? &account
                                       : key_ == "account_status" ? &account_status
                                                                  : nullptr;
    if (slot != nullptr && text != nullptr) *slot = *text;
    if (key_ == "status" && text == nullptr) other_status = true;
    key_.clear();
    return true;
  }
  int depth_ = 0;
  std::string key_;
};

// The status the issue steps' actions leave a record in; nullopt for other actions.
std::optional<LicenceStatus> ImpliedStatus(std::string_view action) {
  if (action == kBeginIssueAction || action == kPublishAction) return LicenceStatus::kPending;
  if (action == kIssueAction) return LicenceStatus::kActive;
  if (action == kAbortAction) return LicenceStatus::kAborted;
  return std::nullopt;
}

// `status` if the action may leave a record in it.
std::optional<LicenceStatus> AllowedStatus(std::string_view action,
                                           std::optional<LicenceStatus> status) {
  const std::optional<LicenceStatus> implied = ImpliedStatus(action);
  if (!status || (implied && *implied != *status)) return std::nullopt;
  return status;
}

// The status an authentic event (its stored detail hashes to its stored hash, so the text is
// canonical and without duplicate members) leaves its record in, read without building the
// detail; nullopt when the event needs the full check (an account event, a detail without a
// valid status), which then reports what is wrong.
std::optional<LicenceStatus> AuthenticStatusAfter(const LedgerEvent& event) {
  if (IsAccountAction(event.action)) return std::nullopt;
  TopLevelStrings members;
  if (!Json::sax_parse(event.detail_json, &members, Json::input_format_t::json,
                       /*strict=*/true) ||
      !members.status || members.other_status) {
    return std::nullopt;
  }
  return AllowedStatus(event.action, ParseLicenceStatus(*members.status));
}

// StoredEventHash with "at" and "action" already serialised (many events share them). Throws
// Json::exception when serial is not UTF-8.
std::string HashOfStoredEvent(std::string_view prev_hash, std::int64_t seq,
                              std::string_view at_json, std::string_view action_json,
                              std::string_view serial, std::string_view detail_json) {
  // The members of CanonicalEventJson in their sorted order (action, at, detail, seq,
  // serial), each value serialised by nlohmann as there, the detail's text as stored.
  std::string message = "frlic-ledger-event-v1\n";
  message.reserve(160 + detail_json.size());
  message += prev_hash;
  message += "\n{\"action\":";
  message += action_json;
  message += ",\"at\":";
  message += at_json;
  message += ",\"detail\":";
  message += detail_json;
  message += ",\"seq\":";
  message += std::to_string(seq);
  message += ",\"serial\":";
  message += Json(std::string(serial)).dump();
  message += "}";
  return Sha256Hex(AsBytes(message));
}

struct EventFacts {
  bool authentic = false;               // its stored detail hashes to its stored hash
  std::optional<LicenceStatus> status;  // set when the fast check settled its status
};

// Runs body(begin, end) over [0, count) split across the machine's cores.
void ForEachChunk(std::size_t count, const std::function<void(std::size_t, std::size_t)>& body) {
  const std::size_t threads =
      count < 4096 ? 1 : std::max<std::size_t>(1, std::thread::hardware_concurrency());
  const std::size_t chunk = (count + threads - 1) / threads;
  std::atomic<std::size_t> next{0};
  RunOnThreads(static_cast<unsigned>(threads), [&] {
    for (std::size_t begin = next.fetch_add(chunk); begin < count; begin = next.fetch_add(chunk)) {
      body(begin, std::min(count, begin + chunk));
    }
  });
}

// `expected_begin_issue(event)`: the text its record's values give a begin-issue event
// (BeginIssueDetailText), or null. A begin-issue that is exactly that text leaves its record
// pending without being parsed.
std::vector<EventFacts> AuthenticEventFacts(
    const std::vector<LedgerEvent>& events,
    const std::function<const std::string*(const LedgerEvent&)>& expected_begin_issue) {
  // The details of "publish" and "issue" (and SetStatus without a reason) are a bare status:
  // those texts are recognised without parsing.
  std::map<std::string, LicenceStatus, std::less<>> bare_status;
  for (LicenceStatus status :
       {LicenceStatus::kPending, LicenceStatus::kActive, LicenceStatus::kDestroyed,
        LicenceStatus::kRevoked, LicenceStatus::kSuperseded, LicenceStatus::kAborted}) {
    bare_status.emplace(Json{{"status", LicenceStatusName(status)}}.dump(), status);
  }
  std::vector<EventFacts> facts(events.size());
  ForEachChunk(events.size(), [&](std::size_t begin, std::size_t end) {
    // Events written together share their instant, and there are few actions.
    std::optional<UnixSeconds> at;
    std::string at_json;
    std::map<std::string, std::string, std::less<>> action_json;
    for (std::size_t i = begin; i < end; ++i) {
      const LedgerEvent& event = events[i];
      try {
        if (at != event.at) {
          at = event.at;
          at_json = Json(FormatInstant(event.at)).dump();
        }
        auto action = action_json.find(event.action);
        if (action == action_json.end()) {
          action = action_json.emplace(event.action, Json(event.action).dump()).first;
        }
        facts[i].authentic = HashOfStoredEvent(event.prev_hash, event.seq, at_json, action->second,
                                               event.serial, event.detail_json) == event.hash;
      } catch (const Json::exception&) {
        continue;  // not UTF-8: the full check reports it
      }
      if (!facts[i].authentic || IsAccountAction(event.action)) continue;
      if (event.action == kBeginIssueAction) {
        const std::string* expected = expected_begin_issue(event);
        if (expected != nullptr && *expected == event.detail_json) {
          facts[i].status = LicenceStatus::kPending;
          continue;
        }
      }
      const auto bare = bare_status.find(event.detail_json);
      facts[i].status = bare == bare_status.end() ? AuthenticStatusAfter(event)
                                                  : AllowedStatus(event.action, bare->second);
    }
  });
  return facts;
}

// Appends `value` as Json(value).dump() writes it. Printable ASCII without '"' and '\\' is
// written as it is; anything else (escapes, UTF-8, or bytes that are not UTF-8, which throw
// Json::exception) is left to nlohmann's serializer.
void AppendJsonString(std::string& out, std::string_view value) {
  const bool plain = std::all_of(value.begin(), value.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out += Json(std::string(value)).dump();
    return;
  }
  out += '"';
  out += value;
  out += '"';
}

// The canonical text of each record's begin-issue detail ("" when a field is not UTF-8).
std::vector<std::string> BeginIssueTexts(const std::vector<LedgerRecord>& records) {
  std::vector<std::string> texts(records.size());
  ForEachChunk(records.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      try {
        texts[i] = BeginIssueDetailText(records[i]);
      } catch (const Json::exception&) {
        // Differs from what was recorded; the full comparison says how.
      }
    }
  });
  return texts;
}

}  // namespace

Result<std::string> StoredEventHash(std::string_view prev_hash, std::int64_t seq, UnixSeconds at,
                                    std::string_view serial, std::string_view action,
                                    std::string_view detail_json) {
  try {
    return HashOfStoredEvent(prev_hash, seq, Json(FormatInstant(at)).dump(),
                             Json(std::string(action)).dump(), serial, detail_json);
  } catch (const Json::exception&) {
    return Error(ErrorCode::kInvalidInput,
                 "ledger event for " + std::string(serial) + " holds a string that is not UTF-8");
  }
}

Result<std::string> CanonicalEventJson(std::int64_t seq, UnixSeconds at, std::string_view serial,
                                       std::string_view action, const Json& detail) {
  // Json (not ordered_json) keeps object members in std::map order: sorted by bytes.
  Json event = {{"seq", seq},
                {"at", FormatInstant(at)},
                {"serial", std::string(serial)},
                {"action", std::string(action)},
                {"detail", detail}};
  try {
    return event.dump();
  } catch (const Json::exception&) {
    return Error(ErrorCode::kInvalidInput,
                 "ledger event for " + std::string(serial) + " holds a string that is not UTF-8");
  }
}

Result<std::string> EventHash(std::string_view prev_hash, std::int64_t seq, UnixSeconds at,
                              std::string_view serial, std::string_view action,
                              const Json& detail) {
  FRLIC_ASSIGN_OR_RETURN(std::string canonical,
                         CanonicalEventJson(seq, at, serial, action, detail));
  std::string message = "frlic-ledger-event-v1\n";
  message += prev_hash;
  message += "\n";
  message += canonical;
  return Sha256Hex(AsBytes(message));
}

Result<Json> ParseEventDetail(std::string_view detail_json) {
  auto parsed = ParseStrictJson(detail_json, "ledger event detail");
  if (!parsed.ok()) return Error(ErrorCode::kInvalidInput, parsed.error().message());
  if (HasFloat(*parsed)) {
    return Error(
        ErrorCode::kInvalidInput,
        "ledger event detail must not hold floating-point numbers (found " + Quoted(*parsed) + ")");
  }
  return std::move(parsed).value();
}

Json BeginIssueDetail(const LedgerRecord& record) {
  Json detail = {{"status", LicenceStatusName(LicenceStatus::kPending)},
                 {"order_id", record.order_id},
                 {"method", record.method},
                 {"terms_sha256", Sha256Hex(AsBytes(record.terms_json))},
                 {"artifact_path", record.artifact_path},
                 {"artifact_sha256", record.artifact_sha256},
                 {"instance_public_key", record.instance_public_key},
                 {"machine_fingerprint", record.machine_fingerprint},
                 {"key_id", record.key_id},
                 {"issued_at", FormatInstant(record.issued_at)},
                 {"extra_sha256", Sha256Hex(AsBytes(record.extra_json))}};
  if (!record.parent_serial.empty()) detail["parent_serial"] = record.parent_serial;
  // Only when set, so that the events of records without them hash as they always did.
  if (!record.notes.empty()) detail["notes_sha256"] = Sha256Hex(AsBytes(record.notes));
  if (!record.requested_by.empty()) detail["requested_by"] = record.requested_by;
  return detail;
}

std::string BeginIssueDetailText(const LedgerRecord& record) {
  std::string text;
  text.reserve(640);
  bool first = true;
  auto member = [&](std::string_view key, std::string_view value) {
    text += first ? "{\"" : ",\"";
    first = false;
    text += key;
    text += "\":";
    AppendJsonString(text, value);
  };
  member("artifact_path", record.artifact_path);
  member("artifact_sha256", record.artifact_sha256);
  member("extra_sha256", Sha256Hex(AsBytes(record.extra_json)));
  member("instance_public_key", record.instance_public_key);
  member("issued_at", FormatInstant(record.issued_at));
  member("key_id", record.key_id);
  member("machine_fingerprint", record.machine_fingerprint);
  member("method", record.method);
  if (!record.notes.empty()) member("notes_sha256", Sha256Hex(AsBytes(record.notes)));
  member("order_id", record.order_id);
  if (!record.parent_serial.empty()) member("parent_serial", record.parent_serial);
  if (!record.requested_by.empty()) member("requested_by", record.requested_by);
  member("status", LicenceStatusName(LicenceStatus::kPending));
  member("terms_sha256", Sha256Hex(AsBytes(record.terms_json)));
  text += '}';
  return text;
}

Json AccountCreateDetail(const Account& account) {
  return Json{{"account", account.name},
              {"account_status", AccountStatusName(AccountStatus::kActive)},
              {"capacity", account.capacity},
              {"created_at", FormatInstant(account.created_at)},
              {"expires", FormatDate(account.expires)},
              {"password_hash_sha256", Sha256Hex(AsBytes(account.password_hash))}};
}

std::optional<LicenceStatus> StatusAfter(std::string_view action, const Json& detail,
                                         std::string* why) {
  auto found = detail.find("status");
  if (found == detail.end() || !found->is_string()) {
    *why = "its detail has no \"status\"";
    return std::nullopt;
  }
  auto status = ParseLicenceStatus(found->get<std::string>());
  if (!status) {
    *why = "its detail has an unknown status " + Quoted(*found);
    return std::nullopt;
  }
  const std::optional<LicenceStatus> implied = ImpliedStatus(action);
  if (implied && *implied != *status) {
    *why = "its detail says status " + Quoted(*found) + ", but " + std::string(action) +
           " leaves a record " + LicenceStatusName(*implied);
    return std::nullopt;
  }
  return status;
}

ChainReport CheckChain(const std::vector<LedgerEvent>& events,
                       const std::vector<LedgerRecord>& records,
                       const std::vector<Account>& accounts, std::vector<bool>* vouched) {
  if (vouched != nullptr) vouched->assign(records.size(), false);
  ChainReport report;
  report.events = static_cast<std::int64_t>(events.size());
  report.records = static_cast<std::int64_t>(records.size());
  auto problem = [&](std::string text) { report.problems.push_back(std::move(text)); };

  struct History {
    const LedgerEvent* first = nullptr;
    bool first_authentic = false;  // its stored detail hashes to its stored hash
    const LedgerEvent* last = nullptr;
    std::optional<LicenceStatus> status;  // after the last event; nullopt if unknown
  };
  // By serial (views of the events' own strings), hashed: one per record.
  std::unordered_map<std::string_view, History> histories;
  histories.reserve(records.size());
  struct AccountHistory {
    const LedgerEvent* first = nullptr;
    Json first_detail;
    const LedgerEvent* last = nullptr;
    std::optional<AccountStatus> status;  // after the last event; nullopt if unknown
  };
  std::map<std::string, AccountHistory> account_histories;

  // The common case, an event as frlic wrote it, is checked without building its detail: the
  // stored text hashes to the stored hash and names a status its action allows. Events are
  // independent of each other for that, so it runs on every core; anything else takes the
  // full check below, which says what is wrong.
  const std::vector<std::string> expected_begin_issue = BeginIssueTexts(records);
  std::unordered_map<std::string_view, std::size_t> record_index;
  record_index.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) record_index.emplace(records[i].serial, i);
  const std::vector<EventFacts> facts =
      AuthenticEventFacts(events, [&](const LedgerEvent& event) -> const std::string* {
        auto found = record_index.find(event.serial);
        if (found == record_index.end() || expected_begin_issue[found->second].empty()) {
          return nullptr;
        }
        return &expected_begin_issue[found->second];
      });

  // After a break the check resynchronises on the stored values, so that one edit gives one
  // or two problems instead of one for every later event.
  std::string prev_hash = kGenesisHash;
  std::int64_t expected_seq = 1;
  for (const LedgerEvent& event : events) {
    if (event.seq != expected_seq) {
      problem(EventName(event) + ": seq " + std::to_string(event.seq) + " where " +
              std::to_string(expected_seq) +
              " was expected (seqs run from 1 without gaps; an event was removed)");
    }
    if (event.prev_hash != prev_hash) {
      problem(EventName(event) + ": prev_hash " + event.prev_hash +
              " is not the hash of the event before it (" + prev_hash +
              "); events were removed or reordered");
    }
    History& history = histories[event.serial];
    const std::size_t index = static_cast<std::size_t>(&event - events.data());
    const bool authentic = facts[index].authentic;
    const std::optional<LicenceStatus> fast_status = facts[index].status;
    if (history.first == nullptr) {
      history.first = &event;
      history.first_authentic = authentic;
    } else if (event.action == kBeginIssueAction) {
      problem(EventName(event) + ": a second begin-issue for the serial (the first is event " +
              std::to_string(history.first->seq) + ")");
    }
    history.last = &event;
    prev_hash = event.hash;
    expected_seq = event.seq + 1;
    report.head_seq = event.seq;
    report.head_hash = event.hash;
    if (fast_status) {
      history.status = fast_status;
      continue;
    }
    auto detail = ParseStrictJson(event.detail_json, "detail");
    if (!detail.ok() || !detail->is_object()) {
      problem(EventName(event) + ": detail is not a JSON object (" +
              (detail.ok() ? Quoted(*detail) : detail.error().message()) + ")");
      history.status.reset();
    } else {
      auto hash =
          EventHash(event.prev_hash, event.seq, event.at, event.serial, event.action, *detail);
      if (!hash.ok()) {
        problem(EventName(event) + ": " + hash.error().message());
      } else if (*hash != event.hash) {
        problem(EventName(event) + ": hash " + event.hash +
                " does not match its contents (recomputed " + *hash + "); the event was edited");
      }
      std::string why;
      const std::optional<LicenceStatus> before = history.status;
      history.status = StatusAfter(event.action, *detail, &why);
      if (!history.status) problem(EventName(event) + ": " + why);
      if (IsAccountAction(event.action)) {
        if (before && history.status && *before != *history.status) {
          problem(EventName(event) + ": an account event says the record's status is " +
                  LicenceStatusName(*history.status) + ", but it was " +
                  LicenceStatusName(*before) + " (account events do not change it)");
        }
        auto account = detail->find("account");
        auto account_status = detail->find("account_status");
        if (account == detail->end() || !account->is_string()) {
          problem(EventName(event) + ": its detail names no \"account\"");
        } else {
          AccountHistory& owner = account_histories[account->get<std::string>()];
          if (owner.first == nullptr) {
            owner.first = &event;
            owner.first_detail = *detail;
          } else if (event.action == kAccountCreateAction) {
            problem(EventName(event) + ": a second account-create for account " +
                    account->get<std::string>() + " (the first is event " +
                    std::to_string(owner.first->seq) + ")");
          }
          owner.last = &event;
          owner.status.reset();
          if (account_status != detail->end() && account_status->is_string()) {
            owner.status = ParseAccountStatus(account_status->get<std::string>());
          }
          if (!owner.status) {
            problem(EventName(event) + ": its detail has no valid \"account_status\" (found " +
                    (account_status == detail->end() ? std::string("(absent)")
                                                     : Quoted(*account_status)) +
                    ")");
          }
        }
      }
    }
  }

  std::unordered_set<std::string_view> serials;
  serials.reserve(records.size());
  for (std::size_t index = 0; index < records.size(); ++index) {
    const LedgerRecord& record = records[index];
    serials.insert(record.serial);
    const std::string where = "record " + record.serial;
    auto found = histories.find(record.serial);
    if (found == histories.end()) {
      problem(where +
              ": has no events (it was not written by frlic, or its events were "
              "removed)");
      continue;
    }
    const History& history = found->second;
    if (history.first->action != kBeginIssueAction) {
      problem(where + ": its first event is " + std::to_string(history.first->seq) + " (" +
              history.first->action + "), not begin-issue");
    } else {
      const std::string& expected_text = expected_begin_issue[index];
      if (history.first_authentic && !expected_text.empty() &&
          expected_text == history.first->detail_json) {
        if (vouched != nullptr) (*vouched)[index] = true;
      } else if (auto then_detail = ParseStrictJson(history.first->detail_json, "detail");
                 then_detail.ok()) {
        const Json expected = BeginIssueDetail(record);
        std::set<std::string> keys;
        for (const auto& [key, value] : expected.items()) keys.insert(key);
        for (const auto& [key, value] : then_detail->items()) keys.insert(key);
        for (const std::string& key : keys) {
          const Json now = expected.contains(key) ? expected[key] : Json();
          const Json then = then_detail->contains(key) ? (*then_detail)[key] : Json();
          if (now != then) {
            problem(where + ": " + key + " is " + Quoted(now) + ", but its begin-issue (event " +
                    std::to_string(history.first->seq) + ") recorded " + Quoted(then));
          }
        }
      }
    }
    if (history.status && *history.status != record.status) {
      problem(where + ": status is " + LicenceStatusName(record.status) + ", but its last event " +
              std::to_string(history.last->seq) + " (" + history.last->action + ") leaves it " +
              LicenceStatusName(*history.status));
    }
  }
  // Evidence is consumed (destroyed, superseded) only together with the replacement it was
  // consumed for; a consumed licence with no live replacement strands its customer.
  std::unordered_set<std::string_view> replaced;
  for (const LedgerRecord& record : records) {
    if (!record.parent_serial.empty() && record.status != LicenceStatus::kAborted) {
      replaced.insert(record.parent_serial);
    }
  }
  for (const LedgerRecord& record : records) {
    if ((record.status == LicenceStatus::kDestroyed ||
         record.status == LicenceStatus::kSuperseded) &&
        !replaced.contains(record.serial)) {
      problem("record " + record.serial + ": is " + LicenceStatusName(record.status) +
              ", but no live licence replaces it (its evidence was consumed for nothing)");
    }
  }
  std::vector<std::pair<std::string_view, const History*>> without_record;  // reported by serial
  for (const auto& [serial, history] : histories) {
    if (!serials.contains(serial)) without_record.emplace_back(serial, &history);
  }
  std::sort(without_record.begin(), without_record.end());
  for (const auto& [serial, history] : without_record) {
    problem("serial " + std::string(serial) + ": has events (from event " +
            std::to_string(history->first->seq) + ") but no record; the record was removed");
  }

  std::set<std::string> names;
  for (const Account& account : accounts) {
    names.insert(account.name);
    const std::string where = "account " + account.name;
    auto found = account_histories.find(account.name);
    if (found == account_histories.end()) {
      problem(where + ": has no events (it was not created by frlic, or its events were removed)");
      continue;
    }
    const AccountHistory& history = found->second;
    if (history.first->action != kAccountCreateAction) {
      problem(where + ": its first event is " + std::to_string(history.first->seq) + " (" +
              history.first->action + "), not account-create");
    } else {
      if (history.first->serial != account.serial) {
        problem(where + ": belongs to serial " + account.serial +
                ", but its account-create (event " + std::to_string(history.first->seq) +
                ") is in the history of serial " + history.first->serial);
      }
      const Json expected = AccountCreateDetail(account);
      for (const auto& [key, value] : expected.items()) {
        const Json then = history.first_detail.contains(key) ? history.first_detail[key] : Json();
        if (value != then) {
          problem(where + ": " + key + " is " + Quoted(value) + ", but its account-create (event " +
                  std::to_string(history.first->seq) + ") recorded " + Quoted(then));
        }
      }
    }
    if (history.status && *history.status != account.status) {
      problem(where + ": status is " + AccountStatusName(account.status) + ", but its last event " +
              std::to_string(history.last->seq) + " (" + history.last->action + ") leaves it " +
              AccountStatusName(*history.status));
    }
  }
  for (const auto& [name, history] : account_histories) {
    if (!names.contains(name)) {
      problem("account " + name + ": has events (from event " + std::to_string(history.first->seq) +
              ") but no row; the account was removed");
    }
  }
  return report;
}

}  // namespace frlic::ledger_internal
