#!/usr/bin/env bash
# Installs the Debian 12 packages frlic builds, tests and demos with (as root, or via sudo).
# Skips apt entirely when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates lld
  libssl-dev libsodium-dev libzip-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev
  libsqlite3-dev libpq-dev postgresql libarchive-dev libgtest-dev libgmock-dev libbenchmark-dev
  libp11-kit-dev softhsm2 zsh
  openssl jq unzip zip hyperfine clang-format sqlite3
  skopeo umoci podman libqrencode-dev libzbar-dev libpng-dev libcpp-httplib-dev chromium zbar-tools curl
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "frlic: installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
