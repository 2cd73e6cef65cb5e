// The connection handling of frlic serve, in front of cpp-httplib's request parsing and
// routing. cpp-httplib 0.11 (Debian 12) reads a request line or header line of any length,
// any number of headers, chunked or unannounced bodies of any size, and gives each
// connection a worker thread for as long as its client keeps trickling bytes. So the page
// reads each request itself: one thread polls every connection until its request is complete
// (within the header and read timeouts and the size limits of request_framing.h) and only a
// complete request, held in memory, reaches a worker and the routes. One request per
// connection; at most max_connections open at once (more are answered 503 and closed).
#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>

#include "frlic/activation/client_address.h"
#include "frlic/activation/request_framing.h"
#include "frlic/core/status.h"
#include "serve_options.h"

namespace frlic::cli {

// httplib::Server's routes, answering one request read from memory.
class PageRoutes : public httplib::Server {
 public:
  bool Answer(httplib::Stream& stream) {
    bool closed = true;
    return process_request(stream, /*close_connection=*/true, closed, {});
  }
};

class PageServer {
 public:
  explicit PageServer(PageServerLimits limits) : limits_(limits) {}
  ~PageServer();
  PageServer(const PageServer&) = delete;
  PageServer& operator=(const PageServer&) = delete;

  struct Bound {
    IpAddress address;
    int port = 0;
  };
  // Listens on host:port (a numeric address or a name; port 0 picks a free one).
  Result<Bound> Bind(const std::string& host, int port);
  // Serves until the process ends; returns only if polling fails.
  Status Run(PageRoutes& routes);

 private:
  PageServerLimits limits_;
  int listen_fd_ = -1;
};

}  // namespace frlic::cli
