#include "hidden_input.h"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <iterator>
#include <optional>

namespace frlic::app {
namespace {

// What the signal handler needs to give the terminal its echo back: set before echo is turned
// off, cleared after it is restored. Only async-signal-safe calls in the handler.
volatile sig_atomic_t g_terminal_fd = -1;
termios g_saved_terminal{};
constexpr int kRestoredSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

extern "C" void RestoreTerminalAndReraise(int signal_number) {
  if (g_terminal_fd >= 0) tcsetattr(g_terminal_fd, TCSANOW, &g_saved_terminal);
  struct sigaction fallback {};
  fallback.sa_handler = SIG_DFL;
  sigemptyset(&fallback.sa_mask);
  sigaction(signal_number, &fallback, nullptr);
  raise(signal_number);
}

// Installs the handler for the duration of one read, then puts back what was there.
class TerminalGuard {
 public:
  TerminalGuard(int fd, const termios& saved) {
    g_saved_terminal = saved;
    g_terminal_fd = fd;
    struct sigaction restore {};
    restore.sa_handler = RestoreTerminalAndReraise;
    sigemptyset(&restore.sa_mask);
    for (std::size_t i = 0; i < std::size(kRestoredSignals); ++i) {
      sigaction(kRestoredSignals[i], &restore, &previous_[i]);
    }
  }
  ~TerminalGuard() {
    tcsetattr(g_terminal_fd, TCSANOW, &g_saved_terminal);
    g_terminal_fd = -1;
    for (std::size_t i = 0; i < std::size(kRestoredSignals); ++i) {
      sigaction(kRestoredSignals[i], &previous_[i], nullptr);
    }
  }
  TerminalGuard(const TerminalGuard&) = delete;
  TerminalGuard& operator=(const TerminalGuard&) = delete;

 private:
  struct sigaction previous_[std::size(kRestoredSignals)]{};
};

std::int64_t MonotonicMilliseconds() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

// Waits until `fd` is readable or the deadline passes; false on timeout.
bool WaitReadable(int fd, std::int64_t deadline_ms) {
  if (deadline_ms == 0) return true;
  for (;;) {
    const std::int64_t left = deadline_ms - MonotonicMilliseconds();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) return true;  // let read() report the problem
  }
}

}  // namespace

Result<SecretBytes> ReadHiddenLine(int fd, std::FILE* prompt_out, const std::string& prompt,
                                   int timeout_seconds) {
  const bool terminal = ::isatty(fd) == 1;
  termios saved{};
  std::optional<TerminalGuard> guard;
  if (terminal) {
    // Echo goes off (and earlier typeahead is discarded) before the prompt shows, so whatever
    // is typed after the prompt is never echoed or lost.
    if (tcgetattr(fd, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      guard.emplace(fd, saved);
      if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0) guard.reset();
    }
    std::fputs(prompt.c_str(), prompt_out);
    std::fflush(prompt_out);
  }
  const std::int64_t deadline_ms =
      timeout_seconds > 0 ? MonotonicMilliseconds() + std::int64_t{timeout_seconds} * 1000 : 0;
  // Byte by byte, so nothing after the line is consumed (and no stdio buffer keeps a copy).
  SecretBytes buffer(1024);
  std::size_t length = 0;
  bool line_end = false;
  bool timed_out = false;
  while (length < buffer.size() && !line_end) {
    if (!WaitReadable(fd, deadline_ms)) {
      timed_out = true;
      break;
    }
    ssize_t got = ::read(fd, buffer.reveal_mutable().data() + length, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    if (buffer.reveal()[length] == '\n') {
      line_end = true;
    } else {
      ++length;
    }
  }
  guard.reset();
  if (terminal) {
    std::fputs("\n", prompt_out);
    std::fflush(prompt_out);
  }
  if (timed_out) {
    return Error(ErrorCode::kInvalidInput,
                 "nothing was typed within " + std::to_string(timeout_seconds) + " seconds",
                 "pass the passphrase with --passphrase-file or --passphrase-fd in jobs");
  }
  while (length > 0 && buffer.reveal()[length - 1] == '\r') --length;
  if (length == buffer.size()) {
    return Error(ErrorCode::kInvalidInput, "the line entered is longer than 1023 bytes");
  }
  return SecretBytes::CopyFrom(buffer.reveal().first(length));
}

}  // namespace frlic::app
