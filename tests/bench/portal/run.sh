#!/usr/bin/env bash
# Portal benchmark (issue 2): one authenticated read, GET /api/auth/me,
# beside the floor of the architecture, in one run through one nginx:
#   static  - a static file of the same size as the /api/auth/me answer
#   bare    - a bare libfcgi prefork responder (bare.c), same worker count,
#             no database: what FastCGI under nginx costs by itself
#   me      - GET /api/auth/me through vestibule-auth: one browser's session,
#             as a signed-in portal page polls it (the session cache hits)
#   cold    - the same with a random one of SEED_SESSIONS sessions per
#             request: the cache misses and each request reads the database
# Prints each rate, p50/p99 latency and the ratios against the targets
# (me >= 20% of static, >= 55% of bare, p99 <= 10 ms at 32 connections).
#
# Run by hand with the dev stack up in another terminal:
#   bash conf/devstack.sh up            # terminal 1
#   bash tests/bench/portal/run.sh      # terminal 2
# Environment: DURATION (s, default 10), CONNECTIONS (default 32),
# SEED_SESSIONS (sessions added so the lookup is not on a tiny table, default 20000).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
VAR=$ROOT/var
CONF=$VAR/vestibule.conf
ADMIN=$ROOT/build/fcgi-apps/admin/vestibule-admin
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
SEED_SESSIONS=${SEED_SESSIONS:-20000}
BENCH_PORT=${BENCH_PORT:-18280}
B=$VAR/bench
die() { echo "bench: $*" >&2; exit 1; }

[ -f "$CONF" ] || die "no $CONF: start the dev stack first (bash conf/devstack.sh up)"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
conf() { sed -n "s/^$1[[:space:]]*=[[:space:]]*//p" "$CONF" | tail -n1; }
SOCKET_DIR=$(conf socket_dir)
DB_SOCKET=$(conf db_socket)
WORKERS=$(conf workers); WORKERS=${WORKERS:-4}
ORIGIN=$(conf public_origin)
[ -S "$SOCKET_DIR/auth.sock" ] || die "vestibule-auth is not running ($SOCKET_DIR/auth.sock)"
sql() { mariadb --no-defaults --default-character-set=utf8mb4 -S "$DB_SOCKET" -u root vestibule -N -B -e "$1"; }

# A run that was interrupted may have left its nginx and responder behind.
if [ -f "$B/nginx/nginx.pid" ]; then kill "$(cat "$B/nginx/nginx.pid")" 2>/dev/null || true; sleep 0.5; fi
if [ -f "$B/bare.pid" ]; then kill -- "-$(cat "$B/bare.pid")" 2>/dev/null || true; fi
rm -rf "$B"; mkdir -p "$B/htdocs" "$B/nginx/tmp"

# 1. Seed: many accounts and sessions so the lookups are not on toy tables.
echo "seeding accounts and $SEED_SESSIONS sessions..."
"$ADMIN" --config "$CONF" seed-accounts --distributors 10 --installers-per 100 --prefix "bench$$" >/dev/null
EMAIL="bench-$$-$RANDOM@bench.example"; PASS="Bench-pass-$$-$RANDOM"
D_EMAIL="bench-d-$$-$RANDOM@bench.example"
echo "$PASS" | "$ADMIN" --config "$CONF" create-distributor --email "$D_EMAIL" >/dev/null
echo "$PASS" | "$ADMIN" --config "$CONF" create-installer --distributor "$D_EMAIL" --email "$EMAIL" >/dev/null
ACC=$(sql "SELECT id FROM accounts WHERE email='$EMAIL'")
# Their tokens are "bench" + 38 digits (43 characters, the shape of a real
# one), so the cold run below can present any of them.
sql "INSERT INTO sessions (token_hash, account_id, stage, expires_at)
     SELECT SHA2(CONCAT('bench', LPAD(seq, 38, '0')), 256), $ACC, 'done', UTC_TIMESTAMP(3) + INTERVAL 1 DAY
     FROM seq_1_to_$SEED_SESSIONS"

# 2. Sign in through the real API (password, privacy gate) to get a session.
API=http://127.0.0.1:$(echo "$ORIGIN" | sed 's/.*://')
H=(-H 'Content-Type: application/json' -H 'X-Vestibule-Csrf: 1')
curl -fsS -c "$B/cookies" "${H[@]}" -d "{\"login\":\"$EMAIL\",\"password\":\"$PASS\"}" "$API/api/auth/login" >/dev/null
VERSION=$(curl -fsS "$API/api/auth/privacy" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
curl -fsS -b "$B/cookies" "${H[@]}" -d "{\"version\":\"$VERSION\",\"agree\":true}" "$API/api/auth/privacy" >/dev/null
COOKIE=$(awk '$6 ~ /vb_session$/ {print $6 "=" $7}' "$B/cookies")
ME=$(curl -fsS -H "Cookie: $COOKIE" "$API/api/auth/me")
echo "$ME" | grep -q '"stage":"done"' || die "the bench account did not reach stage done: $ME"
SIZE=$(printf '%s' "$ME" | wc -c)

# 3. The floor: a static file and a bare responder of the same size.
python3 -c "import sys; n=int(sys.argv[1]); sys.stdout.write('{' + ' '*(n-2) + '}')" "$SIZE" >"$B/htdocs/static.json"
cc -O2 -o "$B/bare" "$ROOT/tests/bench/portal/bare.c" -lfcgi
setsid "$B/bare" "$B/bare.sock" "$WORKERS" "$SIZE" </dev/null >/dev/null 2>&1 &
BARE=$!
echo "$BARE" >"$B/bare.pid"
cat >"$B/nginx.conf" <<NGINX
worker_processes 2;
pid $B/nginx/nginx.pid;
error_log $B/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $B/nginx/tmp; proxy_temp_path $B/nginx/tmp;
    fastcgi_temp_path $B/nginx/tmp; uwsgi_temp_path $B/nginx/tmp; scgi_temp_path $B/nginx/tmp;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$BENCH_PORT;
        location = /static.json { root $B/htdocs; default_type application/json; }
        location = /bare { include /etc/nginx/fastcgi_params; fastcgi_pass unix:$B/bare.sock; }
        location /api/auth/ {
            include /etc/nginx/fastcgi_params;
            fastcgi_param REQUEST_ID \$request_id;
            fastcgi_pass unix:$SOCKET_DIR/auth.sock;
        }
    }
}
NGINX
nginx -c "$B/nginx.conf" -p "$B/nginx" 
trap 'kill -- -$BARE 2>/dev/null; kill $(cat "$B/nginx/nginx.pid") 2>/dev/null; sql "DELETE FROM sessions WHERE account_id=$ACC" || true' EXIT
sleep 0.5
U=http://127.0.0.1:$BENCH_PORT
for p in /static.json /bare /api/auth/me; do
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$U$p")" = 200 ] || die "$p does not answer 200"
done

# 4. Measure, same headers for all three.
cat >"$B/cold.lua" <<LUA
-- every request presents one of the $SEED_SESSIONS seeded sessions at random,
-- so the per-worker session cache (512 entries) mostly misses
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/auth/me",
    { Cookie = string.format("vb_session=bench%038d", math.random(1, $SEED_SESSIONS)) })
end
LUA
run() { # name path [wrk args] -> "rate p50_ms p99_ms errors"
	local name=$1 path=$2; shift 2
	wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: $COOKIE" "$@" "$U$path" >"$B/wrk-$name.txt"
	python3 - "$B/wrk-$name.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r'^\s*' + label + r'\s+([\d.]+)(us|ms|s)\s*$', t, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == 'us' else v * 1000 if u == 's' else v
rate = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
errs = re.search(r'Non-2xx or 3xx responses: (\d+)', t)
print(rate, ms('50%'), ms('99%'), errs.group(1) if errs else 0)
PY
}
echo "wrk: ${DURATION}s, $CONNECTIONS connections, 2 threads; body $SIZE bytes; $WORKERS FastCGI workers"
read -r S_RATE S_P50 S_P99 S_ERR < <(run static /static.json)
read -r B_RATE B_P50 B_P99 B_ERR < <(run bare /bare)
read -r M_RATE M_P50 M_P99 M_ERR < <(run me /api/auth/me)
read -r C_RATE C_P50 C_P99 C_ERR < <(run cold /api/auth/me -s "$B/cold.lua")
python3 - "$S_RATE" "$S_P50" "$S_P99" "$B_RATE" "$B_P50" "$B_P99" "$M_RATE" "$M_P50" "$M_P99" "$M_ERR" \
	"$C_RATE" "$C_P50" "$C_P99" "$C_ERR" <<'PY'
import sys
s, sp50, sp99, b, bp50, bp99, m, mp50, mp99 = map(float, sys.argv[1:10])
errs = int(sys.argv[10])
c, cp50, cp99 = map(float, sys.argv[11:14])
cerrs = int(sys.argv[14])
print(f"{'target':<26}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}")
for name, r, p50, p99 in (("static file", s, sp50, sp99), ("bare FastCGI", b, bp50, bp99),
                          ("GET /api/auth/me", m, mp50, mp99),
                          ("  same, cold sessions", c, cp50, cp99)):
    print(f"{name:<26}{r:>10.0f}{p50:>9.2f}{p99:>9.2f}")
print(f"bare / static   = {b / s:.1%}")
print(f"me / static     = {m / s:.1%}   (target >= 20%)")
print(f"me / bare       = {m / b:.1%}   (target >= 55%)")
print(f"me p99          = {mp99:.2f} ms (target <= 10 ms)")
print(f"cold / static   = {c / s:.1%}   cold / bare = {c / b:.1%}   (one database round trip per request)")
if errs or cerrs:
    print(f"me non-2xx answers: {errs} warm, {cerrs} cold  (the run is not valid)")
ok = m / s >= 0.20 and m / b >= 0.55 and mp99 <= 10 and not errs and not cerrs
print("targets met" if ok else "targets NOT met")
PY
