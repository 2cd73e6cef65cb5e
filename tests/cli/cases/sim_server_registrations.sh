# The reference licence server's registration table (--state; issue 11, item 8): capacity
# counted from live registrations (30007 for a new one over it; a re-registration is not new),
# unbind (20000 for an ip that is not bound), a registration lapses 24 h after it was last heard
# from, and a server not alive for 24 h forgets every registration (seed 001, notes 10-11).
set -u
source "$CLI_LIB"
SIM="$(dirname "$FRLIC")/../frlic-sim/frlic-sim"
[ -x "$SIM" ] || SIM="$(dirname "$FRLIC")/frlic-sim"
sed 's/^capacity: 3/capacity: 2/' "$SRC/templates/orders/private-cloud.yaml" > order.yaml
expect_exit 0 "$SIM" machine --issuer-key "$FRLIC_KEYS" --out host --machine-id host-1 --mac 02:00:00:00:00:01 --platform linux-amd64 >/dev/null
expect_exit 0 "$FRLIC" issue --order order.yaml --rif host/require/MachineInfo.rif --out out --allow-example-keys >/dev/null
srv=("$SIM" server --package out/FanruanLicenseServer.zip --machine host --state state.json -language en)
reg() {  # NOW IP: register, print "NOW IP -> code name"
  local got; got=$(FRLIC_NOW=$1 "${srv[@]}" --ip "$2" --product-version 4.1.5 --app-name report1 --nodes 1 2>/dev/null | jq -r '"\(.code) \(.name)"')
  echo "register $2 at $1 -> $got"
}
unbind() {
  local got; got=$(FRLIC_NOW=$1 "${srv[@]}" --unbind "$2" 2>/dev/null | jq -r '"\(.code) \(.name) \(.message)"')
  echo "unbind $2 at $1 -> $got"
}
t0=2026-11-23T08:00:00Z
reg $t0 192.168.100.25
reg 2026-11-23T09:00:00Z 192.168.100.26
reg 2026-11-23T09:30:00Z 192.168.100.25   # a heartbeat: not new
reg 2026-11-23T10:00:00Z 192.168.0.1       # over capacity (--nodes 1 is ignored with --state)
unbind 2026-11-23T10:05:00Z 192.168.0.1
unbind 2026-11-23T10:10:00Z 192.168.100.26
unbind 2026-11-23T10:11:00Z 192.168.100.26
reg 2026-11-23T10:15:00Z 192.168.0.1
jq -r '.tables[] | .[] | "\(.key) registered \(.registered_at) last seen \(.last_seen)"' state.json
echo "-- 24 hours after 192.168.100.25 was last heard from (09:30)"
reg 2026-11-24T09:29:59Z 192.168.100.26   # 100.25 still live: full
reg 2026-11-24T09:30:00Z 192.168.100.26   # 100.25 lapsed: a free slot
echo "-- the server was down for 24 hours"
FRLIC_NOW=2026-11-25T09:30:00Z "${srv[@]}" --ip 192.168.100.25 --product-version 4.1.5 --app-name report1 2> down.err | jq -r '"\(.code) \(.name)"'
cat down.err
jq -r '[.tables[] | .[] | .key] | join(" ")' state.json
echo "-- refusals"
"$SIM" server --package out/FanruanLicenseServer.zip --machine host --unbind 192.168.0.1 2>&1; echo "exit $?"
echo '{"format":"frlic-registrations"}' > broken.json
"$SIM" server --package out/FanruanLicenseServer.zip --machine host --state broken.json --ip 192.168.0.1 --product-version 4.1.5 --app-name report1 >/dev/null 2>&1; echo "broken state: exit $?"
