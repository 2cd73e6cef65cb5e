// README.txt of FanruanLicenseServer.zip: the template (templates/server/README.txt.tmpl)
// with the licence's facts and the platform's instructions (docs/formats.md section 8.6) filled in.
#include <map>

#include "frlic/artifact/server_package.h"

namespace frlic {
namespace {

struct Instructions {
  const char* extract;
  const char* start;
  const char* start_port;
  const char* start_english;
  const char* autostart;
  const char* destroy;
};

constexpr Instructions kWindows = {
    // extract
    "Right-click FanruanLicenseServer.zip, choose \"Extract All...\" and extract it to a\n"
    "folder on this machine, for example C:\\ (which gives C:\\FanruanLicenseServer).",
    // start
    "Open the folder FanruanLicenseServer\\bin, right-click server.exe and choose\n"
    "\"Run as administrator\". Or, in a Command Prompt opened as administrator:\n"
    "\n"
    "    cd C:\\FanruanLicenseServer\\bin\n"
    "    server.exe",
    // start_port
    "    server.exe -port 8088",
    // start_english
    "    server.exe -language en",
    // autostart
    "Use the Task Scheduler. In a Command Prompt opened as administrator (adjust the path):\n"
    "\n"
    "    schtasks /Create /TN \"FanruanLicenseServer\" /SC ONSTART /RU SYSTEM /RL HIGHEST ^\n"
    "      /TR \"cmd /c cd /d C:\\FanruanLicenseServer\\bin && server.exe -language en\"\n"
    "\n"
    "Or open Task Scheduler > Create Task: run whether the user is logged on or not, with\n"
    "highest privileges; trigger \"At startup\"; action \"Start a program\" with the program\n"
    "C:\\FanruanLicenseServer\\bin\\server.exe and \"Start in\" C:\\FanruanLicenseServer\\bin.",
    // destroy
    "In a Command Prompt opened as administrator, stop the server (and delete its scheduled\n"
    "task, if you made one: schtasks /Delete /TN \"FanruanLicenseServer\"), then:\n"
    "\n"
    "    cd C:\\FanruanLicenseServer\\bin\n"
    "    .\\server.exe -destroy\n"
    "\n"
    "(.\\server.exe -destroy -language en for English messages.)",
};

constexpr const char* kUnixExtract =
    "Copy FanruanLicenseServer.zip to this machine, then:\n"
    "\n"
    "    unzip FanruanLicenseServer.zip\n"
    "    cd FanruanLicenseServer/bin";

constexpr const char* kUnixStart =
    "As root (or the administrator account), in FanruanLicenseServer/bin:\n"
    "\n"
    "    nohup ./server &\n"
    "\n"
    "If the server does not start because it is not executable (some tools drop the\n"
    "permission when unpacking), run chmod 755 server first. If you are connected over SSH,\n"
    "type exit after starting it; after logging in again, ps -ef | grep server shows that it\n"
    "is still running.";

constexpr Instructions kLinux = {
    kUnixExtract,
    kUnixStart,
    "    nohup ./server -port 8088 &",
    "    nohup ./server -language en &",
    "With systemd: create /etc/systemd/system/fanruan-license-server.service (adjust the\n"
    "paths to where you unpacked the package):\n"
    "\n"
    "    [Unit]\n"
    "    Description=Fanruan licence server\n"
    "    After=network-online.target\n"
    "    Wants=network-online.target\n"
    "\n"
    "    [Service]\n"
    "    WorkingDirectory=/opt/FanruanLicenseServer/bin\n"
    "    ExecStart=/opt/FanruanLicenseServer/bin/server -language en\n"
    "    Restart=on-failure\n"
    "\n"
    "    [Install]\n"
    "    WantedBy=multi-user.target\n"
    "\n"
    "then, as root:\n"
    "\n"
    "    systemctl daemon-reload\n"
    "    systemctl enable --now fanruan-license-server\n"
    "\n"
    "Start the server either this way or with nohup, not both: one machine runs one\n"
    "licence server.",
    "As root, stop the server (systemctl disable --now fanruan-license-server if you\n"
    "set up systemd), then:\n"
    "\n"
    "    cd FanruanLicenseServer/bin\n"
    "    ./server -destroy\n"
    "\n"
    "(./server -destroy -language en for English messages.)",
};

constexpr Instructions kMacos = {
    kUnixExtract,
    kUnixStart,
    "    nohup ./server -port 8088 &",
    "    nohup ./server -language en &",
    "With launchd: create /Library/LaunchDaemons/com.fanruan.licenseserver.plist (adjust\n"
    "the paths to where you unpacked the package):\n"
    "\n"
    "    <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "    <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\"\n"
    "      \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
    "    <plist version=\"1.0\">\n"
    "    <dict>\n"
    "      <key>Label</key><string>com.fanruan.licenseserver</string>\n"
    "      <key>ProgramArguments</key>\n"
    "      <array>\n"
    "        <string>/opt/FanruanLicenseServer/bin/server</string>\n"
    "        <string>-language</string><string>en</string>\n"
    "      </array>\n"
    "      <key>WorkingDirectory</key><string>/opt/FanruanLicenseServer/bin</string>\n"
    "      <key>RunAtLoad</key><true/>\n"
    "      <key>KeepAlive</key><true/>\n"
    "    </dict>\n"
    "    </plist>\n"
    "\n"
    "then:\n"
    "\n"
    "    sudo launchctl bootstrap system /Library/LaunchDaemons/com.fanruan.licenseserver.plist\n"
    "\n"
    "Start the server either this way or with nohup, not both: one machine runs one\n"
    "licence server.",
    "As the administrator, stop the server (sudo launchctl bootout "
    "system/com.fanruan.licenseserver\n"
    "if you set up launchd), then:\n"
    "\n"
    "    cd FanruanLicenseServer/bin\n"
    "    ./server -destroy\n"
    "\n"
    "(./server -destroy -language en for English messages.)",
};

const Instructions& InstructionsFor(Platform platform) {
  switch (platform) {
    case Platform::kWindows:
      return kWindows;
    case Platform::kMacos:
      return kMacos;
    case Platform::kLinuxAmd64:
    case Platform::kLinuxI386:
    case Platform::kLinuxArm32:
    case Platform::kLinuxArm64:
      return kLinux;
  }
  return kLinux;
}

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }

}  // namespace

Result<std::string> RenderServerReadme(std::string_view template_text, Platform platform,
                                       const std::string& serial, const std::string& company,
                                       const std::string& expires) {
  const Instructions& how = InstructionsFor(platform);
  const std::map<std::string, std::string, std::less<>> values = {
      {"serial", serial},
      {"company", company},
      {"expires", expires},
      {"platform", PlatformName(platform)},
      {"server", ServerBinaryName(platform)},
      {"extract", how.extract},
      {"start", how.start},
      {"start_port", how.start_port},
      {"start_english", how.start_english},
      {"autostart", how.autostart},
      {"destroy", how.destroy},
  };
  std::string out;
  out.reserve(template_text.size() + 4096);
  int line = 1;
  std::size_t at = 0;
  while (at < template_text.size()) {
    std::size_t open = template_text.find("{{", at);
    std::string_view literal = template_text.substr(
        at, open == std::string_view::npos ? std::string_view::npos : open - at);
    for (char c : literal) line += c == '\n';
    out.append(literal);
    if (open == std::string_view::npos) break;
    std::size_t close = template_text.find("}}", open + 2);
    std::size_t newline = template_text.find('\n', open + 2);
    if (close == std::string_view::npos || (newline != std::string_view::npos && newline < close)) {
      return Error(ErrorCode::kInvalidInput,
                   "README template line " + std::to_string(line) + ": \"{{\" is not closed",
                   "write a placeholder as {{name}} on one line");
    }
    std::string_view name = template_text.substr(open + 2, close - open - 2);
    auto value = values.find(name);
    bool well_formed = !name.empty();
    for (char c : name) well_formed = well_formed && IsNameChar(c);
    if (!well_formed || value == values.end()) {
      std::string known;
      for (const auto& [key, unused] : values) known += (known.empty() ? "" : ", ") + key;
      return Error(ErrorCode::kInvalidInput,
                   "README template line " + std::to_string(line) + ": unknown placeholder {{" +
                       std::string(name) + "}}",
                   "the placeholders are " + known);
    }
    out += value->second;
    at = close + 2;
  }
  return out;
}

}  // namespace frlic
