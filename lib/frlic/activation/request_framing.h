// Where an HTTP/1.1 request to the activation page ends, decided on the bytes received so far
// and before they are parsed further (frlic serve reads each request whole, within bounds,
// before it answers it): the request line and headers end at the first empty line and may be
// at most `max_head_bytes`; a body is announced by Content-Length and may be at most
// `max_body_bytes`. A body of unannounced length (Transfer-Encoding) is refused, since the page
// needs none; so are conflicting or malformed lengths.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace frlic {

struct RequestLimits {
  std::size_t max_head_bytes = 16384;
  std::size_t max_body_bytes = 8192;
};

struct RequestFraming {
  enum class State {
    kIncomplete,  // read more (head_bytes > 0 once the head is complete)
    kComplete,    // the request is the first head_bytes + body_bytes bytes
    kRefused,     // answer `status` with `reason` and close the connection
  };
  State state = State::kIncomplete;
  std::size_t head_bytes = 0;  // up to and including the empty line
  std::size_t body_bytes = 0;  // the announced Content-Length
  int status = 0;              // kRefused: 400, 411, 413 or 431
  std::string reason;          // kRefused: for the log and the response body
};

RequestFraming FrameRequest(std::string_view received, const RequestLimits& limits);

}  // namespace frlic
