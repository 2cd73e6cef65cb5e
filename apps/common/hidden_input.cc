#include "hidden_input.h"

#include <termios.h>
#include <unistd.h>

#include <cerrno>

namespace frlic::app {

Result<SecretBytes> ReadHiddenLine(int fd, std::FILE* prompt_out, const std::string& prompt) {
  const bool terminal = ::isatty(fd) == 1;
  termios saved{};
  bool restore = false;
  if (terminal) {
    std::fputs(prompt.c_str(), prompt_out);
    std::fflush(prompt_out);
    if (tcgetattr(fd, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      restore = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
    }
  }
  // Byte by byte, so nothing after the line is consumed (and no stdio buffer keeps a copy).
  SecretBytes buffer(1024);
  std::size_t length = 0;
  bool line_end = false;
  while (length < buffer.size() && !line_end) {
    ssize_t got = ::read(fd, buffer.reveal_mutable().data() + length, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    if (buffer.reveal()[length] == '\n') {
      line_end = true;
    } else {
      ++length;
    }
  }
  if (restore) tcsetattr(fd, TCSAFLUSH, &saved);
  if (terminal) {
    std::fputs("\n", prompt_out);
    std::fflush(prompt_out);
  }
  while (length > 0 && buffer.reveal()[length - 1] == '\r') --length;
  if (length == buffer.size()) {
    return Error(ErrorCode::kInvalidInput, "the line entered is longer than 1023 bytes");
  }
  return SecretBytes::CopyFrom(buffer.reveal().first(length));
}

}  // namespace frlic::app
