#!/usr/bin/env bash
# Builds frlic and runs the main job on the bundled example: lint an order, issue its
# Container.lic with the example keyring, inspect it, check it as the product would, and show
# the ledger. Everything it writes goes to demo-out/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build/plain -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/plain -j "$(nproc)"
frlic=build/plain/apps/frlic

rm -rf demo-out && mkdir -p demo-out
# git does not keep file modes: the example keyring's private files get 0600 in a copy.
cp -r keys-example demo-out/keys && chmod 700 demo-out/keys && chmod 600 demo-out/keys/*.key
export FRLIC_KEYS=demo-out/keys FRLIC_LEDGER=demo-out/ledger.sqlite
export FRLIC_PASSPHRASE="$(cat keys-example/PASSPHRASE)"

set -x
$frlic ledger init
$frlic lint templates/orders/*.yaml
$frlic issue --order templates/orders/local-container.yaml --out demo-out --allow-example-keys
$frlic inspect demo-out/Container.lic
$frlic check --license demo-out/Container.lic --product FineDataLink --product-version 4.1.5 \
  --app-name webroot --nodes 1

# Private cloud: the customer's machine tool exports a RIF, business issues the licence-server
# package for it, the customer's server starts and answers a product, and a migration
# (destroy, receipt, reissue) moves it to another host.
sim=build/plain/apps/frlic-sim
$sim machine --issuer-key demo-out/keys --out demo-out/host-a --machine-id demo-host-a --mac 02:00:00:00:00:0a
$frlic issue --order templates/orders/private-cloud.yaml --rif demo-out/host-a/require/MachineInfo.rif \
  --out demo-out --allow-example-keys
unzip -l demo-out/FanruanLicenseServer.zip
$sim server --package demo-out/FanruanLicenseServer.zip --machine demo-out/host-a -port 8088 -language en
$sim server --package demo-out/FanruanLicenseServer.zip --machine demo-out/host-a \
  --ip 192.168.100.25 --product-version 4.1.5 --app-name report1
$sim server --package demo-out/FanruanLicenseServer.zip --machine demo-out/host-a -destroy --out demo-out
$frlic verify-receipt demo-out/receipt.fr
$sim machine --issuer-key demo-out/keys --out demo-out/host-b --machine-id demo-host-b --mac 02:00:00:00:00:0b
$frlic reissue --receipt demo-out/receipt.fr --rif demo-out/host-b/require/MachineInfo.rif \
  --out demo-out/host-b-package --allow-example-keys

# Container private cloud: business issues the component image, the customer's component starts
# from it (writing its privateConfig); to move the component business revokes the licence and
# issues a new image from the privateConfig.
$frlic issue --order templates/orders/container-private-cloud.yaml --out demo-out --allow-example-keys
$frlic inspect demo-out/fanruan_license_server.tar
$sim component --image demo-out/fanruan_license_server.tar --data demo-out/component
serial=$($frlic inspect demo-out/fanruan_license_server.tar --json | jq -r .payload.serial)
$frlic revoke "$serial" --reason "demo: component moved, business destroyed the old licence"
$frlic reissue --private-config demo-out/component/app/config/privateConfig \
  --out demo-out/moved-component --allow-example-keys

# Activation (local container): the product shows a QR code, business answers it with the
# 6-digit code, the product accepts it. The product embeds the activation secret.
$frlic keys export-activation-secret --allow-example-keys --out demo-out/activation-secret --force
$sim product --license demo-out/Container.lic --activation-secret demo-out/activation-secret \
  --state demo-out/product-state.json --qr demo-out/qr.png
code=$($frlic activate --qr-image demo-out/qr.png --allow-example-keys --json | jq -r .code)
$sim product --license demo-out/Container.lic --activation-secret demo-out/activation-secret \
  --state demo-out/product-state.json --code "$code"

# Public cloud: the account is created; its password is shown once, never stored.
$frlic issue --order templates/orders/public-cloud.yaml --allow-example-keys --show-password
$frlic account show example-trading

$frlic ledger list
$frlic ledger verify
