# frlic serve against hostile clients (issue 10, M4 M5 L3): a body announced at 800 MB is
# refused with 413 without being read and the process stays small; 40 clients trickling
# their headers do not stop another client being served, and are cut off at the header
# timeout; past --max-connections a client is answered 503 at once, and served again as soon as
# a connection closes; the running server has no FRLIC_PASSPHRASE in its environment and no
# core files.
set -u
source "$CLI_LIB"
for tool in curl python3; do
  command -v $tool >/dev/null || { echo "$tool is not installed (scripts/install-deps.sh)" >&2; exit 99; }
done
"$FRLIC" serve --listen 127.0.0.1:0 --allow-example-keys --header-timeout 8 --max-body-bytes 4096 \
  > serve.out 2> serve.err &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q listening serve.out 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/.*listening on //p' serve.out)
[ -n "$base" ] || { cat serve.err >&2; echo "frlic serve did not start" >&2; exit 99; }
port=${base#http://127.0.0.1:}
port=${port%/a}

# The secrets: the passphrase was read from the environment and taken out of it.
if environ=$(tr '\0' '\n' < /proc/$server/environ 2>/dev/null); then
  grep -q '^FRLIC_PASSPHRASE=' <<<"$environ" && { echo "FRLIC_PASSPHRASE is in the environment" >&2; exit 99; }
  grep -qF "$FRLIC_PASSPHRASE" <<<"$environ" && { echo "the passphrase is in /proc/PID/environ" >&2; exit 99; }
  [ -n "$(grep '^FRLIC_NOW=' <<<"$environ")" ] || { echo "environ not read" >&2; exit 99; }
fi  # else not readable by this user: the process is not dumpable, which hides it as well
echo "environ has no FRLIC_PASSPHRASE"
echo "core file size limit: $(awk '/^Max core file size/ {print $5, $6}' /proc/$server/limits)"

peak() { awk '/^VmHWM:/ {print $2}' /proc/$server/status; }  # kB
before=$(peak)
PORT=$port python3 - <<'PY' || exit 99
import os, socket, sys
port = int(os.environ["PORT"])
head = b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 800000000\r\n\r\n"
# 1. The answer comes from the headers alone.
s = socket.create_connection(("127.0.0.1", port), timeout=20)
s.sendall(head)
status = s.recv(4096).split(b"\r\n")[0]
if status != b"HTTP/1.1 413 Content Too Large":
    sys.exit(f"expected 413, got {status!r}")
s.close()
# 2. A client that sends the body anyway is cut off long before 800 MB.
s = socket.create_connection(("127.0.0.1", port), timeout=20)
chunk = b"\0" * (1 << 20)
sent = 0
try:
    s.sendall(head)
    while sent < 800 * (1 << 20):
        s.sendall(chunk)
        sent += len(chunk)
except (BrokenPipeError, ConnectionResetError):
    pass
if sent >= 100 * (1 << 20):
    sys.exit(f"the server read {sent >> 20} MiB of a body it refused")
print("413 for an 800 MB body, unread")
PY
after=$(peak)
growth=$(( (after - before) / 1024 ))
[ "$growth" -lt 32 ] || { echo "peak memory grew by $growth MiB" >&2; exit 99; }
echo "peak memory grew by less than 32 MiB"

PORT=$port python3 - <<'PY' || exit 99
import os, socket, sys, time
port = int(os.environ["PORT"])
slow = []
for _ in range(40):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(b"GET /a?v=1 HTTP/1.1\r\nHost: x\r\n")  # and never the rest
    slow.append(s)
good = socket.create_connection(("127.0.0.1", port), timeout=30)
good.sendall(b"GET /a?v=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
response = b""
while True:
    data = good.recv(65536)
    if not data:
        break
    response += data
if not response.startswith(b"HTTP/1.1 400 ") or b'data-reason="malformed"' not in response:
    sys.exit(f"the good client got {response[:200]!r}")
# Served while the slow ones were still connected.
waiting = 0
for s in slow:
    s.setblocking(False)
    try:
        s.recv(1)
    except BlockingIOError:
        waiting += 1
    s.setblocking(True)
if waiting != 40:
    sys.exit(f"only {waiting} slow clients were still waiting when the good one was served")
print("served while 40 slow clients waited")
cut = 0
for s in slow:
    s.settimeout(60)
    answer = s.recv(4096)
    if answer.startswith(b"HTTP/1.1 408 ") or answer == b"":
        cut += 1
print(f"{cut} slow clients cut off at the header timeout")
PY
grep -q 'timed out: request line and headers not received within 8 s' serve.err ||
  { cat serve.err >&2; echo "no timeout in the log" >&2; exit 99; }
grep -q 'refused (413)' serve.err || { cat serve.err >&2; echo "no 413 in the log" >&2; exit 99; }

# The connection cap: a second page, 5 connections at most.
"$FRLIC" serve --listen 127.0.0.1:0 --allow-example-keys --max-connections 5 --header-timeout 60 \
  > capped.out 2> capped.err &
capped=$!
trap 'kill $server $capped 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q listening capped.out 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/.*listening on //p' capped.out)
[ -n "$base" ] || { cat capped.err >&2; echo "the capped frlic serve did not start" >&2; exit 99; }
port=${base#http://127.0.0.1:}
port=${port%/a}
PORT=$port python3 - <<'PY' || exit 99
import os, socket, sys, time
port = int(os.environ["PORT"])
def ask():
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        s.sendall(b"GET /a?v=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        return s.recv(4096).split(b"\r\n")[0].decode()
    except ConnectionResetError:
        return "reset"
slow = []
for _ in range(5):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(b"GET /a?v=1 HTTP/1.1\r\n")
    slow.append(s)
print(f"over the cap: {ask()}")
slow.pop().close()
for _ in range(100):  # until the server has seen the close
    answer = ask()
    if answer != "HTTP/1.1 503 Service Unavailable":
        break
    time.sleep(0.05)
print(f"one slot free again: {answer}")
PY
