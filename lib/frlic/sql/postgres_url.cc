#include "postgres_url.h"

#include <utility>

namespace frlic::sql {
namespace {

// The length of the scheme ("postgresql://"), or 0 when `url` is not a PostgreSQL URL.
std::size_t SchemeLength(std::string_view url) {
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (url.starts_with(scheme)) return scheme.size();
  }
  return 0;
}

// Where the password sits in `url`, as [begin, end) ranges: in the userinfo and in any
// password= query parameter.
std::vector<std::pair<std::size_t, std::size_t>> PasswordRanges(std::string_view url) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  const std::size_t start = SchemeLength(url);
  if (start == 0) return ranges;
  std::size_t authority_end = url.find_first_of("/?", start);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  const std::size_t at = url.rfind('@', authority_end);
  if (at != std::string_view::npos && at >= start) {
    const std::size_t colon = url.find(':', start);
    if (colon != std::string_view::npos && colon < at) ranges.emplace_back(colon + 1, at);
  }
  std::size_t query = url.find('?', start);
  while (query != std::string_view::npos) {
    const std::size_t key = query + 1;
    std::size_t end = url.find('&', key);
    if (end == std::string_view::npos) end = url.size();
    if (url.substr(key, 9) == "password=") ranges.emplace_back(key + 9, end);
    query = end < url.size() ? end : std::string_view::npos;
  }
  return ranges;
}

}  // namespace

bool IsPostgresUrl(std::string_view location) { return SchemeLength(location) != 0; }

std::string RedactPostgresUrl(std::string_view url) {
  std::string redacted(url);
  auto ranges = PasswordRanges(url);
  for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) {
    redacted.replace(it->first, it->second - it->first, "***");
  }
  return redacted;
}

std::vector<std::string> PostgresUrlPasswords(std::string_view url) {
  std::vector<std::string> passwords;
  for (auto [begin, end] : PasswordRanges(url)) {
    passwords.emplace_back(url.substr(begin, end - begin));
  }
  return passwords;
}

}  // namespace frlic::sql
