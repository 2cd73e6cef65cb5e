#include "page_server.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace frlic::cli {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kReceiveChunk = 4096;
// After refusing a request, read and drop what the client still sends for a moment (so it
// sees the answer rather than a reset), but never more than this.
constexpr std::size_t kMaxDrainBytes = 1 << 20;
constexpr auto kDrainTime = std::chrono::seconds(2);

struct Endpoint {
  std::string ip;
  int port = 0;
};

Endpoint EndpointOf(const sockaddr_storage& storage) {
  Endpoint endpoint;
  IpAddress address;
  if (storage.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&storage);
    std::memcpy(address.bytes.data(), &in->sin_addr, 4);
    endpoint.port = ntohs(in->sin_port);
  } else if (storage.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&storage);
    address.v6 = true;
    std::memcpy(address.bytes.data(), &in6->sin6_addr, 16);
    endpoint.port = ntohs(in6->sin6_port);
    // An IPv4 client on a dual-stack socket: its IPv4 address.
    if (auto parsed = ParseIpAddress(FormatIpAddress(address))) address = *parsed;
  } else {
    return endpoint;
  }
  endpoint.ip = FormatIpAddress(address);
  return endpoint;
}

const char* StatusText(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Service Unavailable";
  }
}

// A short plain-text answer, sent without waiting (best effort: the connection is closing).
void SendRefusal(int fd, int status, const std::string& reason) {
  const std::string body = reason + "\n";
  const std::string response = "HTTP/1.1 " + std::to_string(status) + " " + StatusText(status) +
                               "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  (void)::send(fd, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

int MillisecondsUntil(SteadyClock::time_point when, SteadyClock::time_point now) {
  if (when <= now) return 0;
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(when - now).count() + 1);
}

// One complete request, held in memory, and the socket to answer on.
class RequestStream : public httplib::Stream {
 public:
  RequestStream(int fd, std::string request, Endpoint peer, Endpoint local,
                SteadyClock::time_point write_deadline)
      : fd_(fd),
        request_(std::move(request)),
        peer_(std::move(peer)),
        local_(std::move(local)),
        write_deadline_(write_deadline) {}

  bool is_readable() const override { return offset_ < request_.size(); }
  bool is_writable() const override {
    pollfd p{fd_, POLLOUT, 0};
    const int wait = MillisecondsUntil(write_deadline_, SteadyClock::now());
    return wait > 0 && ::poll(&p, 1, wait) == 1 && (p.revents & POLLOUT) != 0;
  }
  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, request_.size() - offset_);
    std::memcpy(ptr, request_.data() + offset_, n);
    offset_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    std::size_t sent = 0;
    while (sent < size) {
      if (!is_writable()) return -1;
      const ssize_t n = ::send(fd_, ptr + sent, size - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
      if (n <= 0) return -1;
      sent += static_cast<std::size_t>(n);
    }
    return static_cast<ssize_t>(sent);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = peer_.ip;
    port = peer_.port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = local_.ip;
    port = local_.port;
  }
  socket_t socket() const override { return fd_; }

 private:
  int fd_;
  std::string request_;
  std::size_t offset_ = 0;
  Endpoint peer_, local_;
  SteadyClock::time_point write_deadline_;
};

struct Connection {
  int fd = -1;
  Endpoint peer, local;
  std::string received;
  SteadyClock::time_point deadline;
  bool head_done = false;
  bool draining = false;
  std::size_t drained = 0;
};

// Complete requests waiting for a worker.
class RequestQueue {
 public:
  void Push(std::unique_ptr<Connection> connection) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(connection));
    }
    ready_.notify_one();
  }
  std::unique_ptr<Connection> Pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !queue_.empty(); });
    auto connection = std::move(queue_.front());
    queue_.pop_front();
    return connection;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::unique_ptr<Connection>> queue_;
};

}  // namespace

PageServer::~PageServer() {
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

Result<PageServer::Bound> PageServer::Bind(const std::string& host, int port) {
  std::string name = host;
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const int looked_up = ::getaddrinfo(name.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (looked_up != 0) {
    return Error(ErrorCode::kIo, "cannot listen on " + host + ": " + ::gai_strerror(looked_up),
                 "give an address of this host, for example 127.0.0.1");
  }
  int error = 0;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      error = errno;
      continue;
    }
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 128) != 0) {
      error = errno;
      ::close(fd);
      continue;
    }
    listen_fd_ = fd;
    break;
  }
  ::freeaddrinfo(found);
  if (listen_fd_ < 0) {
    return Error(
        ErrorCode::kIo,
        "cannot listen on " + host + ":" + std::to_string(port) + ": " + std::strerror(error),
        "is the port in use, or the address not this host's?");
  }
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&local), &length);
  const Endpoint endpoint = EndpointOf(local);
  Bound bound;
  bound.address = ParseIpAddress(endpoint.ip).value_or(IpAddress{});
  bound.port = endpoint.port;
  return bound;
}

Status PageServer::Run(PageRoutes& routes) {
  RequestQueue queue;
  std::atomic<std::size_t> open{0};  // connections accepted and not yet closed
  const auto write_timeout = std::chrono::seconds(limits_.write_timeout_seconds);
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < std::max<std::size_t>(1, limits_.workers); ++i) {
    workers.emplace_back([&] {
      while (true) {
        std::unique_ptr<Connection> c = queue.Pop();
        RequestStream stream(c->fd, std::move(c->received), c->peer, c->local,
                             SteadyClock::now() + write_timeout);
        routes.Answer(stream);
        ::shutdown(c->fd, SHUT_WR);
        ::close(c->fd);
        open.fetch_sub(1);
      }
    });
  }
  for (auto& worker : workers) worker.detach();  // they serve until the process ends

  std::vector<std::unique_ptr<Connection>> connections;
  std::vector<pollfd> polled;
  std::size_t turned_away = 0;
  // Out of file descriptors: stop accepting for a moment rather than spin on the listener.
  auto accept_paused_until = SteadyClock::now();
  auto reported_at = SteadyClock::now();
  char chunk[kReceiveChunk];
  const auto close_connection = [&](Connection& c) {
    ::close(c.fd);
    c.fd = -1;
    open.fetch_sub(1);
  };
  const auto refuse = [&](Connection& c, int status, const std::string& reason) {
    std::cerr << "frlic serve: " << c.peer.ip << " refused (" << status << "): " << reason << "\n";
    SendRefusal(c.fd, status, reason);
    ::shutdown(c.fd, SHUT_WR);
    c.draining = true;
    c.received = std::string();
    c.deadline = SteadyClock::now() + kDrainTime;
  };
  while (true) {
    polled.clear();
    auto now = SteadyClock::now();
    const bool accepting = accept_paused_until <= now;
    polled.push_back({listen_fd_, static_cast<short>(accepting ? POLLIN : 0), 0});
    int wait = accepting ? 1000 : MillisecondsUntil(accept_paused_until, now);
    for (const auto& c : connections) {
      polled.push_back({c->fd, POLLIN, 0});
      wait = std::min(wait, MillisecondsUntil(c->deadline, now));
    }
    if (::poll(polled.data(), polled.size(), wait) < 0 && errno != EINTR) {
      return Error(ErrorCode::kIo,
                   std::string("frlic serve: poll failed: ") + std::strerror(errno));
    }
    now = SteadyClock::now();
    for (std::size_t i = 0; i < connections.size(); ++i) {
      Connection& c = *connections[i];
      bool complete = false;
      if ((polled[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        while (c.fd >= 0) {
          const ssize_t n = ::recv(c.fd, chunk, sizeof chunk, MSG_DONTWAIT);
          if (n < 0 && errno == EINTR) continue;
          if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
          if (n <= 0) {  // the client closed (or reset) before its request was complete
            close_connection(c);
            break;
          }
          if (c.draining) {
            c.drained += static_cast<std::size_t>(n);
            if (c.drained > kMaxDrainBytes) close_connection(c);
            continue;
          }
          c.received.append(chunk, static_cast<std::size_t>(n));
          const RequestFraming framing = FrameRequest(c.received, limits_.request);
          if (framing.state == RequestFraming::State::kRefused) {
            refuse(c, framing.status, framing.reason);
          } else if (framing.state == RequestFraming::State::kComplete) {
            c.received.resize(framing.head_bytes + framing.body_bytes);
            complete = true;
            break;
          } else if (framing.head_bytes > 0 && !c.head_done) {
            c.head_done = true;
            c.deadline = now + std::chrono::seconds(limits_.read_timeout_seconds);
          }
        }
      }
      if (complete) {  // to a worker; the empty connection left behind (fd -1) is dropped
        queue.Push(std::move(connections[i]));
        connections[i] = std::make_unique<Connection>();
        continue;
      }
      if (c.fd >= 0 && c.deadline <= now) {
        if (!c.draining) {
          const bool head = !c.head_done;
          const std::string reason =
              std::string(head ? "request line and headers" : "request body") +
              " not received within " +
              std::to_string(head ? limits_.header_timeout_seconds : limits_.read_timeout_seconds) +
              " s";
          std::cerr << "frlic serve: " << c.peer.ip << " timed out: " << reason << "\n";
          SendRefusal(c.fd, 408, reason);
        }
        close_connection(c);
      }
    }
    std::erase_if(connections, [](const auto& c) { return c->fd < 0; });
    if ((polled[0].revents & POLLIN) != 0) {
      for (int accepted = 0; accepted < 64; ++accepted) {
        sockaddr_storage peer{};
        socklen_t length = sizeof peer;
        const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &length,
                                 SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
          if (errno == EMFILE || errno == ENFILE) {
            std::cerr << "frlic serve: out of file descriptors; not accepting for 100 ms\n";
            accept_paused_until = now + std::chrono::milliseconds(100);
          }
          break;  // EAGAIN: poll again
        }
        if (open.load() >= limits_.max_connections) {
          SendRefusal(fd, 503, "too many connections; try again in a moment");
          ::close(fd);
          ++turned_away;
          continue;
        }
        open.fetch_add(1);
        auto c = std::make_unique<Connection>();
        c->fd = fd;
        c->peer = EndpointOf(peer);
        sockaddr_storage local{};
        length = sizeof local;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length);
        c->local = EndpointOf(local);
        c->deadline = now + std::chrono::seconds(limits_.header_timeout_seconds);
        connections.push_back(std::move(c));
      }
    }
    if (turned_away > 0 && now - reported_at >= std::chrono::seconds(10)) {
      std::cerr << "frlic serve: " << turned_away
                << " connections turned away (over --max-connections " << limits_.max_connections
                << ")\n";
      turned_away = 0;
      reported_at = now;
    }
  }
}

}  // namespace frlic::cli
