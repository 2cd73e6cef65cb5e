#include "frlic/activation/request_framing.h"

#include <optional>

namespace frlic {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view TrimHeaderValue(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

RequestFraming RefuseRequest(int status, std::string reason) {
  RequestFraming framing;
  framing.state = RequestFraming::State::kRefused;
  framing.status = status;
  framing.reason = std::move(reason);
  return framing;
}

}  // namespace

RequestFraming FrameRequest(std::string_view received, const RequestLimits& limits) {
  const std::size_t end = received.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (received.size() > limits.max_head_bytes) {
      return RefuseRequest(
          431, "request line and headers over " + std::to_string(limits.max_head_bytes) + " bytes");
    }
    return {};
  }
  const std::size_t head_bytes = end + 4;
  if (head_bytes > limits.max_head_bytes) {
    return RefuseRequest(
        431, "request line and headers over " + std::to_string(limits.max_head_bytes) + " bytes");
  }
  // Header lines after the request line.
  std::string_view rest = received.substr(0, end + 2);
  rest.remove_prefix(rest.find("\r\n") + 2);
  std::optional<std::size_t> length;
  while (!rest.empty()) {
    const std::size_t eol = rest.find("\r\n");
    const std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // the parser proper rejects it
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = TrimHeaderValue(line.substr(colon + 1));
    if (EqualsIgnoringCase(name, "Transfer-Encoding")) {
      return RefuseRequest(411, "a body must be sent with Content-Length");
    }
    if (!EqualsIgnoringCase(name, "Content-Length")) continue;
    if (value.empty() || value.size() > 19)
      return RefuseRequest(400, "Content-Length is not a number");
    std::size_t n = 0;
    for (char c : value) {
      if (c < '0' || c > '9') return RefuseRequest(400, "Content-Length is not a number");
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (length && *length != n)
      return RefuseRequest(400, "Content-Length is given twice, differently");
    length = n;
  }
  const std::size_t body_bytes = length.value_or(0);
  if (body_bytes > limits.max_body_bytes) {
    return RefuseRequest(413, "a request body of " + std::to_string(body_bytes) +
                                  " bytes is over the limit of " +
                                  std::to_string(limits.max_body_bytes));
  }
  RequestFraming framing;
  framing.head_bytes = head_bytes;
  framing.body_bytes = body_bytes;
  framing.state = received.size() >= head_bytes + body_bytes ? RequestFraming::State::kComplete
                                                             : RequestFraming::State::kIncomplete;
  return framing;
}

}  // namespace frlic
