#include "frlic/customer/registrations.h"

#include <algorithm>

#include "frlic/core/files.h"
#include "frlic/core/strict_json.h"
#include "frlic/core/time.h"

namespace frlic {
namespace {

constexpr std::uint64_t kMaxRegistrationStateSize = 16 << 20;

Error MalformedState(const std::string& file_name, const std::string& what) {
  return Error(ErrorCode::kMalformed, file_name + " is not a registration state file: " + what,
               "it is written only by frlic-sim; move it aside to start with no registrations");
}

// A member that must be an instant string; nullopt (and `problem` set) otherwise.
std::optional<UnixSeconds> InstantMember(const Json& object, const char* key,
                                         const std::string& where, std::string* problem) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    *problem = where + "\"" + key + "\" is missing or not a string";
    return std::nullopt;
  }
  auto instant = ParseInstant(it->get<std::string>());
  if (!instant) *problem = where + "\"" + key + "\" is not an instant YYYY-MM-DDTHH:MM:SSZ";
  return instant;
}

bool HasExactly(const Json& object, std::initializer_list<std::string_view> keys) {
  if (!object.is_object() || object.size() != keys.size()) return false;
  return std::all_of(keys.begin(), keys.end(),
                     [&](std::string_view key) { return object.contains(std::string(key)); });
}

}  // namespace

bool IsLive(const Registration& registration, UnixSeconds now) {
  return now < registration.last_seen + kRegistrationLapseSeconds;
}

Result<RegistrationState> RegistrationState::Parse(std::string_view text,
                                                   const std::string& file_name) {
  if (text.empty() || text.back() != '\n') {
    return MalformedState(file_name, "it does not end with a line feed");
  }
  text.remove_suffix(1);
  auto parsed = ParseStrictJson(text, file_name);
  if (!parsed.ok()) return MalformedState(file_name, parsed.error().message());
  const Json& json = *parsed;
  if (!HasExactly(json, {"format", "version", "last_alive", "tables"}) ||
      json["format"] != kRegistrationsFormat || json["version"] != 1 ||
      !json["tables"].is_object()) {
    return MalformedState(file_name, std::string("expected exactly {\"format\":\"") +
                                         kRegistrationsFormat +
                                         "\",\"last_alive\":...,\"tables\":{...},\"version\":1}");
  }
  RegistrationState state;
  std::string problem;
  auto alive = InstantMember(json, "last_alive", "", &problem);
  if (!alive) return MalformedState(file_name, problem);
  state.last_alive_ = *alive;
  for (const auto& [owner, rows] : json["tables"].items()) {
    const std::string where = "tables." + owner + ": ";
    if (owner.empty() || !rows.is_array()) {
      return MalformedState(file_name, where + "expected a non-empty owner and an array");
    }
    std::vector<Registration>& table = state.tables_[owner];
    for (const Json& row : rows) {
      if (!HasExactly(row, {"key", "registered_at", "last_seen"}) || !row["key"].is_string() ||
          row["key"].get<std::string>().empty()) {
        return MalformedState(file_name, where +
                                             "each registration is exactly {key, last_seen, "
                                             "registered_at} with a non-empty key");
      }
      Registration registration;
      registration.key = row["key"].get<std::string>();
      auto registered = InstantMember(row, "registered_at", where, &problem);
      auto seen = InstantMember(row, "last_seen", where, &problem);
      if (!registered || !seen) return MalformedState(file_name, problem);
      if (*seen < *registered || *seen > state.last_alive_) {
        return MalformedState(file_name, where + "registration " + registration.key +
                                             " is not registered_at <= last_seen <= last_alive");
      }
      if (!table.empty() && table.back().key >= registration.key) {
        return MalformedState(file_name,
                              where + "keys are not sorted and unique at " + registration.key);
      }
      registration.registered_at = *registered;
      registration.last_seen = *seen;
      table.push_back(std::move(registration));
    }
  }
  return state;
}

std::string RegistrationState::Serialize() const {
  Json tables = Json::object();
  for (const auto& [owner, table] : tables_) {
    if (table.empty()) continue;
    Json rows = Json::array();
    for (const Registration& registration : table) {
      rows.push_back({{"key", registration.key},
                      {"registered_at", FormatInstant(registration.registered_at)},
                      {"last_seen", FormatInstant(registration.last_seen)}});
    }
    tables[owner] = std::move(rows);
  }
  Json json = {{"format", kRegistrationsFormat},
               {"version", 1},
               {"last_alive", FormatInstant(last_alive_)},
               {"tables", std::move(tables)}};
  return json.dump() + "\n";  // nlohmann::json sorts object keys
}

std::size_t RegistrationState::Wake(UnixSeconds now) {
  std::size_t discarded = 0;
  const bool was_down = last_alive_ != 0 && now >= last_alive_ + kRegistrationLapseSeconds;
  for (auto& [owner, table] : tables_) {
    const auto before = table.size();
    if (was_down) {
      table.clear();
      discarded += before;
    } else {
      std::erase_if(table, [&](const Registration& r) { return !IsLive(r, now); });
    }
  }
  last_alive_ = std::max(last_alive_, now);
  return discarded;
}

std::vector<Registration> RegistrationState::Live(const std::string& owner, UnixSeconds now) const {
  std::vector<Registration> live;
  if (auto it = tables_.find(owner); it != tables_.end()) {
    for (const Registration& registration : it->second) {
      if (IsLive(registration, now)) live.push_back(registration);
    }
  }
  return live;
}

bool RegistrationState::IsRegistered(const std::string& owner, const std::string& key,
                                     UnixSeconds now) const {
  const auto live = Live(owner, now);
  return std::any_of(live.begin(), live.end(),
                     [&](const Registration& registration) { return registration.key == key; });
}

std::int64_t RegistrationState::CountWith(const std::string& owner, const std::string& key,
                                          UnixSeconds now) const {
  const auto live = Live(owner, now);
  return 1 + std::count_if(live.begin(), live.end(), [&](const Registration& registration) {
           return registration.key != key;
         });
}

void RegistrationState::Register(const std::string& owner, const std::string& key,
                                 UnixSeconds now) {
  std::vector<Registration>& table = tables_[owner];
  auto it = std::lower_bound(
      table.begin(), table.end(), key,
      [](const Registration& registration, const std::string& k) { return registration.key < k; });
  if (it != table.end() && it->key == key && IsLive(*it, now)) {
    it->last_seen = std::max(it->last_seen, now);
  } else if (it != table.end() && it->key == key) {
    *it = Registration{key, now, now};  // lapsed: a new registration
  } else {
    table.insert(it, Registration{key, now, now});
  }
  last_alive_ = std::max(last_alive_, now);
}

bool RegistrationState::Unbind(const std::string& owner, const std::string& key, UnixSeconds now) {
  if (!IsRegistered(owner, key, now)) return false;
  std::erase_if(tables_[owner], [&](const Registration& r) { return r.key == key; });
  return true;
}

Result<RegistrationState> LoadRegistrationState(const std::string& path) {
  if (!PathExists(path)) return RegistrationState::Empty();
  FRLIC_ASSIGN_OR_RETURN(Bytes bytes, ReadFile(path, kMaxRegistrationStateSize));
  return RegistrationState::Parse(AsText(bytes), path);
}

Status SaveRegistrationState(const std::string& path, const RegistrationState& state) {
  const std::string text = state.Serialize();
  return WriteFileAtomic(path, AsBytes(text), {0600, Overwrite::kYes});
}

}  // namespace frlic
