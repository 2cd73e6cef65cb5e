// Where a batch's orders come from: a directory of order files, or a list of them.
#include <algorithm>
#include <filesystem>

#include "frlic/issue/batch.h"

namespace frlic {

Result<std::vector<std::string>> ListOrderFiles(const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return Error(ErrorCode::kNotFound, "--orders " + dir + " is not a directory",
                 "name the directory that holds the order files");
  }
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string extension = entry.path().extension().string();
    if (extension != ".yaml" && extension != ".yml") continue;
    if (!entry.is_regular_file(error)) continue;  // a directory named x.yaml, a FIFO: skipped
    files.push_back(entry.path().string());
  }
  if (error) {
    return Error(ErrorCode::kIo, "cannot list --orders " + dir + ": " + error.message());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> ParseOrderList(std::string_view text) {
  std::vector<std::string> paths;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    paths.emplace_back(line);
  }
  return paths;
}

}  // namespace frlic
