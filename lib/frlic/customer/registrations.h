// The product registrations a licence server (or the public cloud server) holds, with the
// 24-hour rules of seeds 001 and 002 on the injected clock (docs/formats.md section 8.3.1):
// a registration not heard from for 24 h lapses and no longer occupies a slot; a server that
// was not alive for 24 h forgets every registration, so products register again.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "frlic/core/clock.h"
#include "frlic/core/status.h"

namespace frlic {

inline constexpr UnixSeconds kRegistrationLapseSeconds = 24 * 3600;
inline constexpr char kRegistrationsFormat[] = "frlic-registrations";

struct Registration {
  std::string key;  // the product server's ip (licence server) or machine id (public cloud)
  UnixSeconds registered_at = 0;
  UnixSeconds last_seen = 0;  // the last request from it: registration or heartbeat
};

// Live ⇔ now < last_seen + 24 h.
bool IsLive(const Registration& registration, UnixSeconds now);

// One state file: a table of registrations per owner (a licence serial, or an account name)
// and the last instant the server was alive.
class RegistrationState {
 public:
  static RegistrationState Empty() { return RegistrationState(); }
  // Exactly the form of docs/formats.md section 8.3.1; kMalformed naming `file_name` otherwise.
  static Result<RegistrationState> Parse(std::string_view text, const std::string& file_name);
  // Compact JSON with sorted keys and a final LF; tables sorted by key.
  std::string Serialize() const;

  // The server is alive at `now`. When it was last alive 24 h or more before `now` (it was
  // shut down for 24 h), every registration is discarded; their number is returned (for the
  // warning: as last_seen <= last_alive they have all lapsed anyway). Lapsed registrations are
  // dropped. Then last_alive = now (never moves back).
  std::size_t Wake(UnixSeconds now);
  UnixSeconds last_alive() const { return last_alive_; }

  // The live registrations of `owner`, sorted by key.
  std::vector<Registration> Live(const std::string& owner, UnixSeconds now) const;
  bool IsRegistered(const std::string& owner, const std::string& key, UnixSeconds now) const;
  // The registrations `owner` would hold if `key` registered now: the live ones other than
  // `key`, plus one.
  std::int64_t CountWith(const std::string& owner, const std::string& key, UnixSeconds now) const;
  // Records a registration or a heartbeat (a re-registration of a registered key renews
  // last_seen and is not new). The caller has checked capacity.
  void Register(const std::string& owner, const std::string& key, UnixSeconds now);
  // Removes a live registration; false when `key` is not registered (20000).
  bool Unbind(const std::string& owner, const std::string& key, UnixSeconds now);

 private:
  RegistrationState() = default;
  UnixSeconds last_alive_ = 0;  // 0: never started
  std::map<std::string, std::vector<Registration>> tables_;
};

// The state file at `path`, or an empty state when there is none yet.
Result<RegistrationState> LoadRegistrationState(const std::string& path);
// Writes it atomically (0600: it names the customer's servers).
Status SaveRegistrationState(const std::string& path, const RegistrationState& state);

}  // namespace frlic
