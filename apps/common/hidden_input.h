// The one way both apps read a secret typed by a person: a line with echo off.
#pragma once

#include <cstdio>
#include <string>

#include "frlic/core/secret_bytes.h"
#include "frlic/core/status.h"

namespace frlic::app {

// Reads one line from `fd` into wiped memory, without the line end. When `fd` is a terminal,
// first writes `prompt` to `prompt_out` and turns echo off while reading; echo is restored
// after, and also when SIGINT, SIGTERM, SIGHUP or SIGQUIT ends the process mid-line (the
// handler restores the terminal, then the signal takes its default course). With
// `timeout_seconds` > 0, nothing typed for that long is kInvalidInput (a terminal nobody
// types into must not hold a job forever). Returns an empty secret on end of input;
// kInvalidInput when the line is over 1023 bytes.
Result<SecretBytes> ReadHiddenLine(int fd, std::FILE* prompt_out, const std::string& prompt,
                                   int timeout_seconds = 0);

}  // namespace frlic::app
