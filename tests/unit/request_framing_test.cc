// Where a request to the activation page ends, and which are refused before being read
// (frlic/activation/request_framing).
#include <gtest/gtest.h>

#include "frlic/activation/request_framing.h"

namespace frlic {
namespace {

using FramingState = RequestFraming::State;

TEST(RequestFraming, AGetIsCompleteAtTheEmptyLine) {
  RequestLimits limits;
  const std::string get = "GET /a?v=1 HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::size_t n = 0; n < get.size(); ++n) {
    EXPECT_EQ(FrameRequest(get.substr(0, n), limits).state, FramingState::kIncomplete) << n;
  }
  auto framing = FrameRequest(get + "GET /next", limits);
  EXPECT_EQ(framing.state, FramingState::kComplete);
  EXPECT_EQ(framing.head_bytes, get.size());
  EXPECT_EQ(framing.body_bytes, 0u);
}

TEST(RequestFraming, ABodyWithinTheLimitIsWaitedFor) {
  RequestLimits limits;
  limits.max_body_bytes = 10;
  const std::string head = "POST /a HTTP/1.1\r\ncontent-length:  10 \r\n\r\n";
  auto partial = FrameRequest(head + "12345", limits);
  EXPECT_EQ(partial.state, FramingState::kIncomplete);
  EXPECT_EQ(partial.head_bytes, head.size());
  auto whole = FrameRequest(head + "1234567890", limits);
  EXPECT_EQ(whole.state, FramingState::kComplete);
  EXPECT_EQ(whole.body_bytes, 10u);
}

TEST(RequestFraming, ALargerBodyIsRefusedFromTheHeadersAlone) {
  RequestLimits limits;
  limits.max_body_bytes = 8192;
  auto framing = FrameRequest("POST /a HTTP/1.1\r\nContent-Length: 800000000\r\n\r\n", limits);
  EXPECT_EQ(framing.state, FramingState::kRefused);
  EXPECT_EQ(framing.status, 413);
  EXPECT_NE(framing.reason.find("8192"), std::string::npos);
  EXPECT_EQ(FrameRequest("POST /a HTTP/1.1\r\nContent-Length: 8193\r\n\r\n", limits).status, 413);
  EXPECT_EQ(FrameRequest("POST /a HTTP/1.1\r\nContent-Length: 8192\r\n\r\n", limits).state,
            FramingState::kIncomplete);
  // A length too large for any integer.
  EXPECT_EQ(
      FrameRequest("POST /a HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", limits)
          .status,
      400);
}

TEST(RequestFraming, UnannouncedAndConflictingLengthsAreRefused) {
  RequestLimits limits;
  EXPECT_EQ(FrameRequest("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", limits).status,
            411);
  EXPECT_EQ(
      FrameRequest("POST /a HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", limits)
          .status,
      400);
  EXPECT_EQ(
      FrameRequest("POST /a HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", limits)
          .state,
      FramingState::kComplete);
  EXPECT_EQ(FrameRequest("POST /a HTTP/1.1\r\nContent-Length: -1\r\n\r\n", limits).status, 400);
  EXPECT_EQ(FrameRequest("POST /a HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n", limits).status, 400);
  EXPECT_EQ(FrameRequest("POST /a HTTP/1.1\r\nContent-Length:\r\n\r\n", limits).status, 400);
}

TEST(RequestFraming, HeadersOverTheLimitAreRefusedWithoutWaitingForTheirEnd) {
  RequestLimits limits;
  limits.max_head_bytes = 100;
  const std::string line = "GET /a?" + std::string(200, 'x');  // no line end yet
  auto framing = FrameRequest(line, limits);
  EXPECT_EQ(framing.state, FramingState::kRefused);
  EXPECT_EQ(framing.status, 431);
  EXPECT_EQ(FrameRequest(line.substr(0, 100), limits).state, FramingState::kIncomplete);
  EXPECT_EQ(
      FrameRequest("GET / HTTP/1.1\r\nX: " + std::string(90, 'y') + "\r\n\r\n", limits).status,
      431);
}

}  // namespace
}  // namespace frlic
