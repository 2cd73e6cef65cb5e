#!/usr/bin/env bash
# Builds frlic and runs the main job on the bundled example: lint an order, issue its
# Container.lic with the example keyring, inspect it, check it as the product would, and show
# the ledger. Everything it writes goes to demo-out/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build/plain -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/plain -j "$(nproc)"
frlic=build/plain/apps/frlic

rm -rf demo-out && mkdir -p demo-out
# git does not keep file modes: the example keyring's private files get 0600 in a copy.
cp -r keys-example demo-out/keys && chmod 700 demo-out/keys && chmod 600 demo-out/keys/*.key
export FRLIC_KEYS=demo-out/keys FRLIC_LEDGER=demo-out/ledger.sqlite
export FRLIC_PASSPHRASE="$(cat keys-example/PASSPHRASE)"

set -x
$frlic lint templates/orders/*.yaml
$frlic issue --order templates/orders/local-container.yaml --out demo-out --allow-example-keys
$frlic inspect demo-out/Container.lic
$frlic check --license demo-out/Container.lic --product FineDataLink --product-version 4.1.5 \
  --app-name webroot --nodes 1
$frlic ledger list
$frlic ledger verify
