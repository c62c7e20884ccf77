#!/usr/bin/env bash
# conf/devstack.sh - Vestibule's development stack and test runner.
#
#   bash conf/devstack.sh up     build, start everything under var/, stay in the
#                                foreground until Ctrl-C (which stops it all)
#   bash conf/devstack.sh test   the same in var/test/ with a sanitizer build,
#                                run every test suite, stop, print "N passed, N failed"
#   bash conf/devstack.sh stop   stop a running `up`, or what a killed one left behind
#   bash conf/devstack.sh env    print the variables that point a test suite at a
#                                running `up` (eval them, then run a suite by hand)
#
# Run from anywhere, as root on Debian 12 (root only to install missing Debian
# packages; with them installed, any user will do).  Nothing outside the
# repository is touched: MariaDB, nginx, the SMTP sink and the programs run
# from var/ (or var/test/) on their own socket and ports; no system service is
# started.  Each piece writes its own log under var/log/; when something fails
# the script names the log to read.
#
# Environment:
#   VESTIBULE_PORT   public port of `up` (default 8080); PORT+1 serves the
#                    internal health/metrics, PORT+2 the SMTP sink, PORT+4
#                    the fake lock vendor cloud (conf/fake-lock-vendor.py), PORT+5
#                    the RTSP relay and PORT+6 its metrics
#   VESTIBULE_BUILD  build folder (default build/, and build-test/ for test)
#   VESTIBULE_VAR    state folder of `up` (default var/): several stacks can run
#                    side by side with their own VESTIBULE_VAR and VESTIBULE_PORT
#   VB_VERBOSE=1     show build output as it happens
set -eEuo pipefail

# The FastCGI area programs, one word each: fcgi-apps/<area>/vestibule-<area>,
# served at /api/<area>/ on <socket_dir>/<area>.sock.  A new area is one word here.
AREAS="auth distributor sites maclib devices"

# Test suites run by `test`, in order: each is a function suite_<name> below
# that calls `record NAME PASSED FAILED` once.  A new suite is one word here:
# in OFFLINE_SUITES if it needs only the build, in STACK_SUITES if it needs
# the running stack.
OFFLINE_SUITES="unit devsim relay_upstream"
STACK_SUITES="integration relay relay_codecs worker_mail e2e"

PACKAGES=(build-essential autoconf automake libtool pkg-config libfcgi-dev libjson-c-dev
	libmariadb-dev libssl-dev libcurl4-openssl-dev libcmocka-dev mariadb-server
	mariadb-client nginx-light curl wrk python3 tzdata ca-certificates)
# The browser tests (tests/e2e): Debian's Chromium, driven by playwright-core
# from npm, and a font so screenshots show text.  Node and npm come from
# Debian unless a node with its npm is already installed (NodeSource's
# nodejs bundles npm and conflicts with Debian's npm package).
PACKAGES+=(chromium fonts-dejavu-core)
# The RTSP relay and the simulated door phone (tests/devsim): GStreamer and
# gst-rtsp-server to build them, x264 (plugins-ugly) to make the door phone's
# clip, and real clients to test with (gst-launch-1.0, ffprobe).
PACKAGES+=(libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstrtspserver-1.0-dev
	gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly
	gstreamer1.0-libav gstreamer1.0-tools ffmpeg)
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

# mariadbd, nginx and mariadb-install-db live in sbin, which a user's PATH lacks.
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF=$ROOT/conf/devstack.sh
MODE=${1:-}

# ---------------------------------------------------------------- output

say()  { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf 'devstack: %s\n' "$*" >&2; }
rel()  { local p=$1; printf '%s' "${p#"$ROOT"/}"; }

usage() {
	sed -n '2,24s/^# \{0,1\}//p' "$SELF"
	exit 2
}

# --------------------------------------------------------------- state

declare -A PIDS=()      # name -> pid of what this run started
declare -A LOGS=()      # name -> its log file
STARTED=()              # names, in start order
PASSED=0 FAILED=0
FINAL_PRINTED=0
POLICY_RC_D=0           # 1 while we own /usr/sbin/policy-rc.d
FG_PID=""               # the long command run_fg is waiting for

# die prints why and exits; the EXIT trap stops everything this run started
# (and, for `test`, prints the final line with this failure counted).
die() {
	warn "$*"
	[ "$MODE" = test ] && FAILED=$((FAILED + 1))
	exit 1
}

on_err() {
	# A failure inside $(...) or (...) is reported once, by the parent.
	[ "$BASHPID" = "$$" ] || exit 1
	die "unexpected failure at conf/devstack.sh:$1: $2"
}

on_signal() {
	echo
	# A signal sent to this script alone (not Ctrl-C to the whole terminal
	# group) must not wait for the running suite to end.
	[ -n "$FG_PID" ] && kill -TERM "$FG_PID" 2>/dev/null
	[ "$MODE" = test ] && { warn "interrupted"; FAILED=$((FAILED + 1)); }
	trap - INT TERM
	exit 130
}

on_exit() {
	local rc=$?
	trap - ERR INT TERM
	set +e
	if [ "$POLICY_RC_D" = 1 ]; then
		rm -f /usr/sbin/policy-rc.d
	fi
	stop_started
	[ -n "${RUN:-}" ] && [ "$(cat "$RUN/devstack.pid" 2>/dev/null)" = "$$" ] && rm -f "$RUN/devstack.pid"
	if [ "$MODE" = test ] && [ "$FINAL_PRINTED" = 0 ]; then
		scan_sanitizer_logs
		final_line
	fi
	[ "$MODE" = test ] && [ "$rc" = 0 ] && [ "$FAILED" -gt 0 ] && rc=1
	exit "$rc"
}

# ------------------------------------------------------------ settings

settings() {
	case "$MODE" in
	up|stop|env)
		VAR=${VESTIBULE_VAR:-$ROOT/var}
		BUILD=${VESTIBULE_BUILD:-build}
		CONFIGURE_FLAGS=""
		PORT=${VESTIBULE_PORT:-8080}
		;;
	test)
		VAR=$ROOT/var/test
		BUILD=${VESTIBULE_BUILD:-build-test}
		CONFIGURE_FLAGS="--enable-sanitizers"
		PORT=18080
		# Servers: no leak report at exit (libraries' one-time allocations
		# drown real findings); any ASan or UBSan error is still fatal and
		# lands in the program's log, which scan_sanitizer_logs counts.
		export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:halt_on_error=1
		export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
		;;
	*) usage ;;
	esac
	case "$BUILD" in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
	case "$PORT" in ''|*[!0-9]*) die "VESTIBULE_PORT must be a port number, not '$PORT'" ;; esac
	METRICS_PORT=$((PORT + 1))
	SMTP_PORT=$((PORT + 2))
	LOCK_PORT=$((PORT + 4))
	RELAY_PORT=$((PORT + 5))
	RELAY_METRICS_PORT=$((PORT + 6))
	LOG=$VAR/log
	RUN=$VAR/run
	MAIL_DIR=$VAR/mail
	DB_DIR=$VAR/db
	SOCK=$RUN/mysqld.sock
	CONF=$VAR/vestibule.conf
	DB_NAME=vestibule
	ADMIN=$BUILD/fcgi-apps/admin/vestibule-admin
	USER_OPT=()
	[ "$(id -u)" = 0 ] && USER_OPT=(--user=root)  # mariadbd refuses root without it
	# sun_path holds 108 bytes; say so now rather than fail obscurely later.
	if [ ${#RUN} -gt 80 ]; then
		die "the repository path is too long for unix sockets ($RUN); clone it somewhere shorter"
	fi
	# What tells a test suite where the running stack is (tests/integration/vbtest.py).
	SUITE_ENV=(VB_BASE_URL=http://127.0.0.1:$PORT VB_MAIL_DIR=$MAIL_DIR VB_CONF=$CONF
		VB_ADMIN=$ADMIN VB_DB_SOCKET=$SOCK VB_DB_NAME=$DB_NAME
		VB_METRICS_URL=http://127.0.0.1:$METRICS_PORT VB_RUN_DIR=$RUN VB_LOG_DIR=$LOG
		VB_E2E_OUT=$VAR VB_LOCK_URL=http://127.0.0.1:$LOCK_PORT)
}

# ------------------------------------------------------------- set-up

ensure_packages() {
	local missing=() p rc=0 log
	for p in "${PACKAGES[@]}"; do
		case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" in
		*" ok installed") ;;
		*) missing+=("$p") ;;
		esac
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		die "missing Debian packages: ${missing[*]} (run this as root, or apt-get install them)"
	fi
	log=$LOG/apt.log
	say "Installing Debian packages: ${missing[*]} (log: $(rel "$log"))"
	# Keep the packages' scripts from starting the system mariadb and nginx:
	# the stack runs its own; invoke-rc.d honours policy-rc.d (exit 101 = no).
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		POLICY_RC_D=1
		printf '#!/bin/sh\n# written by vestibule conf/devstack.sh during apt-get install\nexit 101\n' \
			>/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
	fi
	{
		apt-get update &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
	} >>"$log" 2>&1 || rc=$?
	if [ "$POLICY_RC_D" = 1 ]; then
		rm -f /usr/sbin/policy-rc.d
		POLICY_RC_D=0
	fi
	[ "$rc" = 0 ] || { tail -n 5 "$log" >&2; die "apt-get failed; see $(rel "$log")"; }
}

# run_fg CMD... runs CMD and returns its status, waiting with `wait` so that
# a signal to this script is handled at once (bash runs traps only after a
# foreground command ends).
run_fg() {
	local st=0
	"$@" &
	FG_PID=$!
	wait "$FG_PID" || st=$?
	FG_PID=""
	return "$st"
}

# run_logged LOG CMD... runs CMD with its output in LOG (and on screen with
# VB_VERBOSE=1).  Returns CMD's status.
run_logged() {
	local log=$1
	shift
	if [ "${VB_VERBOSE:-0}" = 1 ]; then
		"$@" 2>&1 | tee -a "$log"
		return "${PIPESTATUS[0]}"
	fi
	run_fg "$@" >>"$log" 2>&1
}

ensure_build() {
	local log=$LOG/build.log newer
	: >"$log"
	newer=$(find "$ROOT" -path "$ROOT/build*" -prune -o -path "$ROOT/var" -prune -o \
		\( -name configure.ac -o -name Makefile.am -o -name local.mk \) \
		-newer "$ROOT/configure" -print 2>/dev/null | head -n 1 || true)
	if [ ! -x "$ROOT/configure" ] || [ -n "$newer" ]; then
		say "Generating configure (log: $(rel "$log"))"
		run_logged "$log" "$ROOT/autogen.sh" || die "autogen.sh failed; see $(rel "$log")"
	fi
	if [ -f "$ROOT/config.status" ]; then
		die "the source tree itself was configured; run 'make distclean' in $ROOT (builds go in build/ and build-test/)"
	fi
	mkdir -p "$BUILD"
	# Reconfigure when the folder is new or was configured without the
	# sanitizers `test` needs.
	if [ ! -f "$BUILD/Makefile" ] ||
	   { [ -n "$CONFIGURE_FLAGS" ] && ! grep -q '^SAN_CFLAGS = .*-fsanitize' "$BUILD/Makefile"; }; then
		say "Configuring $(rel "$BUILD")/ ${CONFIGURE_FLAGS:+($CONFIGURE_FLAGS) }(log: $(rel "$log"))"
		# shellcheck disable=SC2086  # flags are words
		(cd "$BUILD" && run_logged "$log" "$ROOT/configure" -q $CONFIGURE_FLAGS) ||
			die "configure failed; see $(rel "$log") (and $(rel "$BUILD")/config.log)"
	fi
	say "Building in $(rel "$BUILD")/ (log: $(rel "$log"))"
	if ! run_logged "$log" make -C "$BUILD" -j2; then
		grep -m 15 -E 'error:|Error [0-9]+|undefined reference|No rule to make' "$log" >&2 || true
		die "the build failed; see $(rel "$log")"
	fi
}

# ------------------------------------------------------- processes

# alive PID: running and not a zombie waiting to be reaped.
alive() {
	local state
	[ -r "/proc/$1/stat" ] || return 1
	read -r _ _ state _ <"/proc/$1/stat" 2>/dev/null || return 1
	[ "$state" != Z ]
}

cmdline() {
	tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
}

# start_bg NAME LOG CMD... starts CMD in its own session (so Ctrl-C reaches
# only this script, which then stops everything in order), records its pid in
# $RUN/NAME.pid.
start_bg() {
	local name=$1 log=$2
	shift 2
	setsid "$@" >>"$log" 2>&1 </dev/null &
	PIDS[$name]=$!
	LOGS[$name]=$log
	STARTED+=("$name")
	echo "$!" >"$RUN/$name.pid"
}

# check_running dies, naming the log, if something we started has stopped.
check_running() {
	local name
	for name in "${STARTED[@]}"; do
		[ -n "${PIDS[$name]:-}" ] || continue  # stopped on purpose
		if ! alive "${PIDS[$name]}"; then
			tail -n 8 "${LOGS[$name]}" | sed 's/^/    | /' >&2
			die "$name stopped unexpectedly; see $(rel "${LOGS[$name]}")"
		fi
	done
}

# stop_names NAME... signals each (nginx: graceful QUIT, others TERM), waits
# up to 30 s for all of them, then KILLs what is left.  In test mode a
# program that does not exit 0 on its own counts as a failure: it must shut
# down cleanly.
stop_names() {
	local name pid st i
	local -a live=()
	for name in "$@"; do
		[ -n "${PIDS[$name]:-}" ] || continue
		pid=${PIDS[$name]}
		live+=("$name")
		if [ "$name" = nginx ]; then kill -QUIT "$pid" 2>/dev/null; else kill -TERM "$pid" 2>/dev/null; fi
	done
	for ((i = 0; i < 300; i++)); do
		local any=0
		for name in "${live[@]}"; do alive "${PIDS[$name]}" && any=1; done
		[ "$any" = 0 ] && break
		sleep 0.1
	done
	for name in "${live[@]}"; do
		pid=${PIDS[$name]}
		if alive "$pid"; then
			warn "$name did not stop within 30 s; killing it"
			kill -KILL "$pid" 2>/dev/null
			[ "$MODE" = test ] && FAILED=$((FAILED + 1))
		fi
		st=0
		wait "$pid" 2>/dev/null || st=$?
		if [ "$st" != 0 ] && [ "$MODE" = test ] && [ "$st" != 137 ]; then
			warn "$name exited with status $st when stopped; see $(rel "${LOGS[$name]}")"
			FAILED=$((FAILED + 1))
		fi
		rm -f "$RUN/$name.pid"
		unset "PIDS[$name]"
	done
}

# stop_started stops this run's processes, front to back: nginx first (no new
# requests), then the programs, the worker and the sink, MariaDB last.
stop_started() {
	[ ${#STARTED[@]} -gt 0 ] || return 0
	say "Stopping the stack"
	stop_names nginx
	# shellcheck disable=SC2086  # AREAS is a list of words
	stop_names relay $AREAS worker smtp-sink smtp-sink-retry lock-vendor
	stop_names mysqld
	STARTED=()
	note "stopped"
}

# stop_leftovers stops what a previous run (killed without its traps) left
# behind, from its pid files.  A pid is only signalled if its command line
# still mentions this stack's folder, so a recycled pid is never hit.
stop_leftovers() {
	local f pid name left=()
	shopt -s nullglob
	for f in "$RUN"/*.pid; do
		name=$(basename "$f" .pid)
		pid=$(cat "$f" 2>/dev/null || true)
		[ "$name" = devstack ] && continue
		if [ -n "$pid" ] && alive "$pid" && [[ "$(cmdline "$pid")" == *"$VAR/"* ]]; then
			[ ${#left[@]} -eq 0 ] && say "Stopping processes left by an earlier run"
			if [ "$name" = nginx ]; then kill -QUIT "$pid"; else kill -TERM "$pid"; fi
			left+=("$pid")
		fi
		rm -f "$f"
	done
	shopt -u nullglob
	local i p any
	for ((i = 0; i < 300; i++)); do
		any=0
		for p in "${left[@]}"; do alive "$p" && any=1; done
		[ "$any" = 0 ] && return 0
		sleep 0.1
	done
	for p in "${left[@]}"; do alive "$p" && kill -KILL "$p"; done
	return 0
}

# take_lock refuses to run twice on the same folder at once.
take_lock() {
	local pid
	mkdir -p "$RUN"
	pid=$(cat "$RUN/devstack.pid" 2>/dev/null || true)
	if [ -n "$pid" ] && [ "$pid" != "$$" ] && alive "$pid" &&
	   [[ "$(cmdline "$pid")" == *devstack* ]]; then
		die "another 'devstack.sh $MODE' is running (pid $pid); stop it first (Ctrl-C there, or kill $pid)"
	fi
	echo "$$" >"$RUN/devstack.pid"
}

port_free() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

check_ports() {
	local p
	for p in "$PORT" "$METRICS_PORT" "$SMTP_PORT" "$LOCK_PORT" "$RELAY_PORT" "$RELAY_METRICS_PORT"; do
		port_free "$p" || die "port $p is already in use (the stack uses $PORT-$RELAY_METRICS_PORT; for up, choose others with VESTIBULE_PORT=...)"
	done
}

# wait_for WHAT SECONDS CMD...: polls CMD until it succeeds, dying (with the
# log of whatever stopped) if a started process exits or time runs out.
wait_for() {
	local what=$1 secs=$2 deadline
	shift 2
	deadline=$((SECONDS + secs))
	until "$@" >/dev/null 2>&1; do
		check_running
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.2
	done
}

# ------------------------------------------------------------ the stack

# utf8mb4 explicitly: the client otherwise takes its character set from the
# locale, latin1 when none is set (a bare CI shell), and mangles non-ASCII.
sql() {
	mariadb --no-defaults --default-character-set=utf8mb4 -S "$SOCK" -u root -N -B "$@"
}

start_db() {
	local log=$LOG/mariadb.log
	mkdir -p "$DB_DIR"
	if [ ! -d "$DB_DIR/mysql" ]; then
		say "Creating the MariaDB data folder $(rel "$DB_DIR")/"
		# --force: skip its check that the host name or "localhost" resolves,
		# which fails on a machine without /etc/hosts and DNS; the server
		# only listens on a unix socket, so no host name is ever used.
		mariadb-install-db --no-defaults "${USER_OPT[@]}" --datadir="$DB_DIR" --force \
			--auth-root-authentication-method=normal --skip-test-db >>"$log" 2>&1 ||
			die "mariadb-install-db failed; see $(rel "$log")"
	fi
	rm -f "$SOCK"
	local extra=()
	# Tests commit constantly and need no crash durability.
	[ "$MODE" = test ] && extra=(--innodb-flush-log-at-trx-commit=2)
	start_bg mysqld "$log" mariadbd --no-defaults "${USER_OPT[@]}" --datadir="$DB_DIR" \
		--socket="$SOCK" --skip-networking --pid-file="$RUN/mysqld.pid" \
		--log-error="$log" --innodb-buffer-pool-size=64M \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci "${extra[@]}"
	wait_for MariaDB 60 mariadb-admin --no-defaults -S "$SOCK" -u root --connect-timeout=2 ping ||
		die "MariaDB did not start within 60 s; see $(rel "$log")"
}

create_database() {
	local db=$1
	if [ "$MODE" = test ]; then
		sql -e "DROP DATABASE IF EXISTS \`$db\`"
	fi
	sql -e "CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}

ensure_key() {
	local key=$VAR/secret.key
	[ -s "$key" ] && return 0
	# 32 random bytes as hex (vb_conf.h: key_file holds hex or raw).
	(umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$key.tmp" && echo >>"$key.tmp")
	mv "$key.tmp" "$key"
}

# write_conf FILE DB_NAME SMTP_PORT writes a program config.
write_conf() {
	local file=$1 db=$2 smtp=$3
	cat >"$file.tmp" <<EOF
# Written by conf/devstack.sh on every run: change the script, not this file.
# conf/vestibule.conf.example documents each key.

# Dev stack only: MariaDB's root user, no password, over a private unix
# socket (the server has no network listener).  Never like this in production.
db_socket = $SOCK
db_user = root
db_name = $db

socket_dir = $RUN
workers = 4

public_origin = http://127.0.0.1:$PORT
secure_cookies = 0

key_file = $VAR/secret.key

smtp_url = smtp://127.0.0.1:$smtp
mail_from = Vestibule <no-reply@vestibule.test>

# Both lock vendors' clouds are the fake one on loopback (a dev stack has no
# vendor accounts); its demo logins are in conf/fake-lock-vendor.py.
lock_dormakaba = true
lock_dormakaba_url = http://127.0.0.1:$LOCK_PORT/dormakaba
lock_salto_url = http://127.0.0.1:$LOCK_PORT/salto

# Stream URLs point at this stack's relay.
relay_public_url = rtsp://127.0.0.1:$RELAY_PORT

log_level = info
EOF
	mv "$file.tmp" "$file"
}

admin() {
	"$ADMIN" --config "$CONF" "$@"
}

migrate() {
	local log=$LOG/admin.log
	admin migrate --dir "$ROOT/sql/migrations" >>"$log" 2>&1 ||
		die "the migrations failed; see $(rel "$log")"
}

start_sink() {
	local name=$1 port=$2 dir=$3
	shift 3
	mkdir -p "$dir"
	start_bg "$name" "$LOG/$name.log" python3 "$ROOT/conf/smtp-sink.py" --port "$port" --dir "$dir" "$@"
	wait_for "$name" 20 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" ||
		die "the SMTP sink did not start; see $(rel "$LOG/$name.log")"
}

start_programs() {
	local area bin
	for area in $AREAS; do
		bin=$BUILD/fcgi-apps/$area/vestibule-$area
		[ -x "$bin" ] || die "$(rel "$bin") was not built; see $(rel "$LOG/build.log")"
		rm -f "$RUN/$area.sock"
		start_bg "$area" "$LOG/$area.log" "$bin" --config "$CONF"
	done
	start_bg worker "$LOG/worker.log" "$BUILD/fcgi-apps/worker/vestibule-worker" --config "$CONF"
	bin=$BUILD/media/relay/vestibule-relay
	[ -x "$bin" ] || die "$(rel "$bin") was not built; see $(rel "$LOG/build.log")"
	start_bg relay "$LOG/relay.log" "$bin" --config "$CONF" --listen "127.0.0.1:$RELAY_PORT" \
		--metrics "127.0.0.1:$RELAY_METRICS_PORT"
}

write_nginx_conf() {
	local site=$VAR/nginx/vestibule.conf main=$VAR/nginx/nginx.conf t user=""
	local areas_re=${AREAS// /|}
	mkdir -p "$VAR/nginx/tmp"
	t=$(<"$ROOT/conf/nginx/vestibule.conf.in")
	t=${t//@LISTEN@/127.0.0.1:$PORT}
	t=${t//@SERVER_NAME@/_}
	t=${t//@HTDOCS@/$ROOT/htdocs}
	t=${t//@SOCKET_DIR@/$RUN}
	t=${t//@AREAS@/$areas_re}
	t=${t//@METRICS_PORT@/$METRICS_PORT}
	t=${t//@ACCESS_LOG@/$LOG/nginx-access.log}
	t=${t//@ERROR_LOG@/$LOG/nginx-error.log}
	printf '# Generated by conf/devstack.sh from conf/nginx/vestibule.conf.in; edit that.\n%s\n' "$t" >"$site"
	# As root, nginx's workers would become "nobody" and could read neither
	# a checkout under /root nor the programs' sockets: keep them root here.
	[ "$(id -u)" = 0 ] && user="user root;"
	cat >"$main" <<EOF
# Generated by conf/devstack.sh: the main context around the Vestibule site.
$user
worker_processes 2;
daemon off;
pid $RUN/nginx.pid;
error_log $LOG/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path $VAR/nginx/tmp/body;
    fastcgi_temp_path $VAR/nginx/tmp/fastcgi;
    proxy_temp_path $VAR/nginx/tmp/proxy;
    uwsgi_temp_path $VAR/nginx/tmp/uwsgi;
    scgi_temp_path $VAR/nginx/tmp/scgi;
    include $site;
}
EOF
	# shellcheck disable=SC2094  # nginx appends to its own log; nothing reads it here
	if ! nginx -t -q -e "$LOG/nginx-error.log" -p "$VAR/nginx/" -c "$main" >>"$LOG/nginx-error.log" 2>&1; then
		tail -n 5 "$LOG/nginx-error.log" >&2
		die "the nginx configuration is invalid; see $(rel "$LOG/nginx-error.log") and $(rel "$site")"
	fi
}

start_nginx() {
	write_nginx_conf
	start_bg nginx "$LOG/nginx-error.log" nginx -e "$LOG/nginx-error.log" -p "$VAR/nginx/" -c "$VAR/nginx/nginx.conf"
}

wait_healthy() {
	local area
	for area in $AREAS; do
		wait_for "$area" 90 curl -fsS -m 2 "http://127.0.0.1:$METRICS_PORT/internal/$area/health" ||
			die "$area did not answer its health check within 90 s; see $(rel "$LOG/$area.log") and $(rel "$LOG/nginx-error.log")"
	done
	wait_for relay 30 curl -fsS -m 2 "http://127.0.0.1:$RELAY_METRICS_PORT/metrics" ||
		die "the relay does not serve its metrics; see $(rel "$LOG/relay.log")"
	wait_for nginx 20 curl -fsS -m 2 "http://127.0.0.1:$PORT/" ||
		die "nginx does not serve http://127.0.0.1:$PORT/; see $(rel "$LOG/nginx-error.log")"
}

# start_stack brings up everything, in dependency order.
start_stack() {
	mkdir -p "$LOG" "$RUN" "$MAIL_DIR"
	check_ports
	say "Starting MariaDB, the SMTP sink, the programs ($AREAS), the worker and nginx (logs: $(rel "$LOG")/)"
	start_db
	create_database "$DB_NAME"
	ensure_key
	write_conf "$CONF" "$DB_NAME" "$SMTP_PORT"
	migrate
	start_sink smtp-sink "$SMTP_PORT" "$MAIL_DIR"
	start_bg lock-vendor "$LOG/lock-vendor.log" python3 "$ROOT/conf/fake-lock-vendor.py" --port "$LOCK_PORT" \
		--journal "$LOG/lock-vendor-opened.jsonl"
	wait_for lock-vendor 20 bash -c "exec 3<>/dev/tcp/127.0.0.1/$LOCK_PORT" ||
		die "the fake lock vendor did not start; see $(rel "$LOG/lock-vendor.log")"
	start_programs
	start_nginx
	wait_healthy
	check_running
}

# prepare_var takes this folder's lock and stops what an earlier run left.
# `test` starts from scratch: everything but the MariaDB data folder goes
# (its database is dropped and created again).
prepare_var() {
	mkdir -p "$RUN"
	take_lock
	stop_leftovers
	if [ "$MODE" = test ]; then
		find "$VAR" -mindepth 1 -maxdepth 1 ! -name db ! -name run -exec rm -rf {} +
		rm -f "$RUN"/*.sock
	fi
	mkdir -p "$LOG"
}

# common_setup is everything before the stack starts.
common_setup() {
	settings
	prepare_var
	ensure_packages
	ensure_build
}

# ------------------------------------------------------------------ up

gen_password() {
	head -c 12 /dev/urandom | base64 | tr '+/' 'Kx'
}

create_demo_accounts() {
	local file=$VAR/demo-logins.txt log=$LOG/admin.log dpw ipw
	[ -s "$file" ] && return 0
	say "Creating the demo accounts"
	dpw=$(gen_password)
	ipw=$(gen_password)
	printf '%s\n' "$dpw" | admin create-distributor --email distributor@demo.example >>"$log" 2>&1 ||
		die "cannot create the demo distributor; see $(rel "$log") (if $(rel "$file") was deleted but the accounts exist, delete $(rel "$DB_DIR")/ to start over)"
	printf '%s\n' "$ipw" | admin create-installer --distributor distributor@demo.example \
		--email installer@demo.example >>"$log" 2>&1 ||
		die "cannot create the demo installer; see $(rel "$log")"
	# Something to look at on the Sites page and the dashboard (residents
	# without app logins; create your own to see the welcome mail).
	admin seed-demo --installer installer@demo.example --residents 25 --family 10 \
		>>"$log" 2>&1 || die "cannot seed the demo sites; see $(rel "$log")"
	(umask 077 && cat >"$file.tmp" <<EOF
# Demo logins, created by conf/devstack.sh on its first run.
distributor  distributor@demo.example  $dpw
installer    installer@demo.example    $ipw
EOF
	)
	mv "$file.tmp" "$file"
}

cmd_up() {
	common_setup
	start_stack
	create_demo_accounts
	echo
	say "Vestibule is running: http://127.0.0.1:$PORT/"
	grep -v '^#' "$VAR/demo-logins.txt" | sed 's/^/    /'
	note "mail sent by the platform:  $(rel "$MAIL_DIR")/*.eml"
	note "logs:                       $(rel "$LOG")/  (auth.log, worker.log, nginx-error.log, ...)"
	note "database:                   mariadb -S $(rel "$SOCK") -u root $DB_NAME"
	note "RTSP relay:                 rtsp://127.0.0.1:$RELAY_PORT/s/<source>?token=...  (vestibule-admin stream-url d<id>)"
	note "Ctrl-C stops everything."
	echo "ready"
	while :; do
		check_running
		sleep 1 &
		wait $! || true
	done
}

# ---------------------------------------------------------------- test

# record SUITE PASSED FAILED adds a suite's results to the totals.
record() {
	PASSED=$((PASSED + $2))
	FAILED=$((FAILED + $3))
	note "$1: $2 passed, $3 failed"
}

final_line() {
	FINAL_PRINTED=1
	echo "$PASSED passed, $FAILED failed"
}

# suite_unit: the cmocka programs under `make check`; each prints
# "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)...".
suite_unit() {
	local log=$LOG/unit.log p=0 f=0 trs tlog tp tf res
	say "Unit tests (make check; log: $(rel "$log"))"
	rm -f "$BUILD"/tests/unit/*.log "$BUILD"/tests/unit/*.trs
	# Leak checks on here: a test program must free what it allocates.
	ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 run_fg make -C "$BUILD" -j2 check >>"$log" 2>&1 || true
	shopt -s nullglob
	local trss=("$BUILD"/tests/unit/*.trs)
	shopt -u nullglob
	if [ ${#trss[@]} -eq 0 ]; then
		grep -m 10 -E 'error:|Error [0-9]+' "$log" >&2 || true
		warn "the unit tests did not build or run; see $(rel "$log")"
		record unit 0 1
		return
	fi
	for trs in "${trss[@]}"; do
		tlog=${trs%.trs}.log
		tp=$(awk '/\[  PASSED  \] [0-9]+ test/ { n += $4 } END { print n + 0 }' "$tlog")
		tf=$(awk '/\[  FAILED  \] [0-9]+ test/ { n += $4 } END { print n + 0 }' "$tlog")
		res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
		# A program that crashed (or a sanitizer stopped) printed no summary.
		if [ "$res" != PASS ] && [ "$res" != SKIP ] && [ "$tf" = 0 ]; then
			tf=1
			warn "$(rel "${trs%.trs}") failed without a cmocka summary; see $(rel "$tlog")"
			{ grep -m 4 -E 'ERROR: |runtime error:|#[0-9]+ .* in [a-z_0-9]+ [^ ]*/tests/[a-z_/]+\.c:' "$tlog" ||
			  tail -n 5 "$tlog"; } | sed 's/^/    | /' >&2
		fi
		grep -E '^\[  FAILED  \] [^0-9]' "$tlog" | sed "s|^|    $(basename "${trs%.trs}"): |" >&2 || true
		p=$((p + tp))
		f=$((f + tf))
	done
	record unit "$p" "$f"
}

# suite_integration: tests/integration/run.py against the running stack; its
# last line is "N passed, N failed".
suite_integration() {
	local runner=$ROOT/tests/integration/run.py log=$LOG/integration.log rc=0 out tee_pid
	if [ ! -f "$runner" ]; then
		note "integration: tests/integration/run.py does not exist yet; skipped"
		return
	fi
	say "Integration tests (tests/integration/run.py; log: $(rel "$log"))"
	# Shown as it runs and kept in the log.
	exec {out}> >(tee "$log")
	tee_pid=$!
	run_fg env "${SUITE_ENV[@]}" python3 "$runner" >&"$out" 2>&1 || rc=$?
	exec {out}>&-
	wait "$tee_pid" 2>/dev/null || true  # the log is complete once tee exits
	record_summary integration "$log" "$rc"
}

# record_summary NAME LOG STATUS records a suite from the last
# "N passed, N failed" line of its log.  No such line, or a non-zero exit
# with no failure counted, is one failure: a suite that could not finish
# must not pass.
record_summary() {
	local name=$1 log=$2 rc=$3 last np nf
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
	if [ -z "$last" ]; then
		warn "the $name suite ended without its summary line (status $rc); see $(rel "$log")"
		record "$name" 0 1
		return
	fi
	read -r np _ nf _ <<<"$last"
	if [ "$rc" != 0 ] && [ "$nf" = 0 ]; then
		warn "the $name suite exited with status $rc"
		record "$name" "$np" 1
		return
	fi
	record "$name" "$np" "$nf"
}

# script_suite NAME BINARY CMD... runs a test script that prints
# "N passed, N failed" last (its log: $LOG/NAME.log) and records it
# (record_summary); BINARY must have been built.
script_suite() {
	local name=$1 bin=$2 log=$LOG/$1.log rc=0
	shift 2
	if [ ! -x "$bin" ]; then
		warn "$(rel "$bin") was not built; see $(rel "$LOG/build.log")"
		record "$name" 0 1
		return
	fi
	run_fg env DEVSIM_CACHE_DIR="$VAR/devsim-cache" "$@" >"$log" 2>&1 || rc=$?
	grep -E '^FAIL' "$log" | sed 's/^/    | /' >&2 || true
	record_summary "$name" "$log" "$rc"
}

# suite_devsim: the simulated door phone against real RTSP clients.
suite_devsim() {
	local bin=$BUILD/tests/devsim/vestibule-devsim
	say "Simulated door phone (log: $(rel "$LOG/devsim.log"))"
	script_suite devsim "$bin" bash "$ROOT/tests/devsim/smoke.sh" "$bin"
}

# suite_relay_upstream: the relay's upstream pull (back-off, watchdog,
# continuity across restarts) against the simulated door phone.
suite_relay_upstream() {
	local bin=$BUILD/tests/relay/test_upstream
	say "Relay upstream pull (log: $(rel "$LOG/relay_upstream.log"))"
	script_suite relay_upstream "$bin" bash "$ROOT/tests/relay/upstream.sh" \
		"$BUILD/tests/devsim/vestibule-devsim" "$bin"
}

# suite_relay: vestibule-relay against the simulated door phone and real
# clients (tests/relay/relay.sh starts its own relay and devsim on free
# ports, and adds its cameras through the running stack's API).
suite_relay() {
	local bin=$BUILD/media/relay/vestibule-relay
	say "RTSP relay (log: $(rel "$LOG/relay-suite.log"))"
	script_suite relay-suite "$bin" env "${SUITE_ENV[@]}" bash "$ROOT/tests/relay/relay.sh" \
		"$bin" "$BUILD/tests/devsim/vestibule-devsim"
}

# suite_relay_codecs: H.265, Opus, AAC and PCMA door phones through the
# relay, decoded by real clients (tests/relay/codecs.sh, as suite_relay).
suite_relay_codecs() {
	local bin=$BUILD/media/relay/vestibule-relay
	say "RTSP relay codecs (log: $(rel "$LOG/relay_codecs.log"))"
	script_suite relay_codecs "$bin" env "${SUITE_ENV[@]}" bash "$ROOT/tests/relay/codecs.sh" \
		"$bin" "$BUILD/tests/devsim/vestibule-devsim"
}

# suite_worker_mail: vestibule-worker against a real SMTP server on loopback
# that refuses the first DATA: the message is retried, never lost, arrives
# once, well formed; two workers racing deliver each message exactly once.
# It uses its own database and sink so the running stack does not interfere.
suite_worker_mail() {
	local db=vestibule_worker conf=$VAR/worker-test.conf dir=$VAR/mail-retry
	local port=$((SMTP_PORT + 1)) log=$LOG/worker-test.log wk=$BUILD/fcgi-apps/worker/vestibule-worker
	local p=0 f=0
	say "Worker mail delivery (log: $(rel "$log"))"
	check() {  # check DESCRIPTION CMD...
		local what=$1
		shift
		if "$@" >>"$log" 2>&1; then p=$((p + 1)); else f=$((f + 1)); warn "worker_mail: FAIL: $what"; fi
	}
	q() { sql "$db" -e "$1"; }
	if ! port_free "$port"; then
		warn "port $port is in use"
		record worker_mail 0 1
		return
	fi
	create_database "$db"
	write_conf "$conf" "$db" "$port"
	if ! "$ADMIN" --config "$conf" migrate --dir "$ROOT/sql/migrations" >>"$log" 2>&1; then
		warn "cannot migrate the worker test database; see $(rel "$log")"
		record worker_mail 0 1
		return
	fi
	rm -rf "$dir"
	start_sink smtp-sink-retry "$port" "$dir" --fail-first 1

	# One message with what breaks naive senders: a non-ASCII subject long
	# enough for several encoded-words, a leading dot, bare LFs, a long line.
	local long
	long=$(printf 'x%.0s' $(seq 1 1500))
	q "INSERT INTO mail_outbox (to_addr, subject, body, kind) VALUES ('retry@demo.example',
	   'Grüße aus Köln — Ihr Zugangscode für die Tür ✓ (bitte nicht weitergeben, danke)',
	   CONCAT('Hallo,\n.leading dot\n..two dots\nlast line ', '$long'), 'test')"
	check "worker --once exits 0 when the server refuses" "$wk" --config "$conf" --once
	check "a refused message stays pending with attempts=1 and the 451 in last_error" \
		test "$(q "SELECT CONCAT(status, ' ', attempts, ' ', last_error LIKE '%451%', ' ',
			next_attempt_at > UTC_TIMESTAMP(3)) FROM mail_outbox")" = "pending 1 1 1"
	check "nothing was stored by the refusing server" test -z "$(find "$dir" -name '*.eml')"
	q "UPDATE mail_outbox SET next_attempt_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND"
	check "worker --once delivers on the retry" "$wk" --config "$conf" --once
	check "the message is marked sent" \
		test "$(q "SELECT CONCAT(status, ' ', sent_at IS NOT NULL) FROM mail_outbox")" = "sent 1"
	check "exactly one file arrived" test "$(find "$dir" -name '*.eml' | wc -l)" = 1
	check "the message is well formed (RFC 5322/2047, CRLF, dot-unstuffed, lines <= 998)" \
		python3 - "$dir" <<'PY'
import email, email.header, email.policy, glob, sys
raw = open(glob.glob(sys.argv[1] + "/*.eml")[0], "rb").read()
assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF"
assert max(len(l) for l in raw.split(b"\r\n")) <= 998, "line over 998 octets"
m = email.message_from_bytes(raw, policy=email.policy.default)
subj = "Grüße aus Köln — Ihr Zugangscode für die Tür ✓ (bitte nicht weitergeben, danke)"
assert str(m["Subject"]) == subj, m["Subject"]
assert m["To"] == "retry@demo.example" and "no-reply@vestibule.test" in m["From"]
assert m["Message-ID"] and m["Date"] and m["MIME-Version"] == "1.0"
assert m.get_content_type() == "text/plain" and m.get_content_charset() == "utf-8"
body = m.get_content().replace("\r\n", "\n")
assert body.startswith("Hallo,\n.leading dot\n..two dots\nlast line x"), body[:60]
assert body.replace("\n", "").count("x") == 1500
PY

	# Never lost: with the server gone, a message waits and keeps its place.
	q "INSERT INTO mail_outbox (to_addr, subject, body, kind) VALUES ('down@demo.example', 'x', 'y', 'test')"
	stop_names smtp-sink-retry
	check "worker --once exits 0 when the server is down" "$wk" --config "$conf" --once
	check "the message waits for the server (pending, attempts=1, error kept)" \
		test "$(q "SELECT CONCAT(status, ' ', attempts, ' ', last_error <> '')
			FROM mail_outbox WHERE to_addr = 'down@demo.example'")" = "pending 1 1"

	# Two workers at once: each message goes exactly once.
	start_sink smtp-sink-retry "$port" "$dir"
	rm -f "$dir"/*.eml
	q "UPDATE mail_outbox SET next_attempt_at = UTC_TIMESTAMP(3) WHERE status = 'pending'"
	q "INSERT INTO mail_outbox (to_addr, subject, body, kind)
	   SELECT CONCAT('race', seq, '@demo.example'), CONCAT('race ', seq), 'body', 'test'
	   FROM seq_1_to_59"
	local w1 w2 s1=0 s2=0
	"$wk" --config "$conf" --once >>"$log" 2>&1 & w1=$!
	"$wk" --config "$conf" --once >>"$log" 2>&1 & w2=$!
	wait "$w1" || s1=$?
	wait "$w2" || s2=$?
	check "two workers at once both exit 0" test "$s1-$s2" = "0-0"
	check "all 60 messages are sent" test "$(q "SELECT COUNT(*) FROM mail_outbox WHERE status='sent'
		AND to_addr <> 'retry@demo.example'")" = 60
	check "each arrived exactly once" test "$(grep -h '^X-Sink-Rcpt-To:' "$dir"/*.eml | sort | uniq | wc -l)-$(find "$dir" -name '*.eml' | wc -l)" = "60-60"
	stop_names smtp-sink-retry
	sql -e "DROP DATABASE \`$db\`" || true
	record worker_mail "$p" "$f"
}

# suite_e2e: the browser tests, tests/e2e/run.mjs (playwright-core driving
# /usr/bin/chromium headless) against the running stack; its last line is
# "N passed, N failed".  It runs when tests/e2e/package.json exists and
# VB_E2E is not "0" (VB_E2E=0 leaves it out, e.g. while the portal is
# unfinished).  Failure screenshots land in var/test/e2e-failures/, the
# screenshot pass (for people, not asserted) in var/test/screenshots/.
suite_e2e() {
	local dir=$ROOT/tests/e2e log=$LOG/e2e.log npmlog=$LOG/e2e-npm.log rc=0 out tee_pid
	if [ ! -f "$dir/package.json" ]; then
		note "e2e: tests/e2e/package.json does not exist yet; skipped"
		return
	fi
	if [ "${VB_E2E:-1}" = 0 ]; then
		note "e2e: skipped (VB_E2E=0)"
		return
	fi
	say "Browser tests (tests/e2e/run.mjs; log: $(rel "$log"))"
	# playwright-core only: it never downloads a browser (the suite uses
	# Debian's chromium), so `npm ci` fetches one small package.
	if ! (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 run_fg npm ci --no-audit --no-fund) >>"$npmlog" 2>&1; then
		tail -n 5 "$npmlog" >&2
		warn "npm ci in tests/e2e failed; see $(rel "$npmlog")"
		record e2e 0 1
		return
	fi
	exec {out}> >(tee "$log")
	tee_pid=$!
	run_fg env "${SUITE_ENV[@]}" node "$dir/run.mjs" >&"$out" 2>&1 || rc=$?
	exec {out}>&-
	wait "$tee_pid" 2>/dev/null || true
	record_summary e2e "$log" "$rc"
}

# scan_sanitizer_logs counts each AddressSanitizer/UBSan report in the stack's
# logs as a failed test, and shows it.
scan_sanitizer_logs() {
	local hits n
	[ -d "${LOG:-}" ] || return 0
	# unit.log is make's own output: the unit tests' reports are counted
	# by suite_unit from their own logs.
	hits=$(find "$LOG" -maxdepth 1 -name '*.log' ! -name unit.log -exec \
		grep -H -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' {} + 2>/dev/null || true)
	[ -n "$hits" ] || return 0
	n=$(printf '%s\n' "$hits" | wc -l)
	warn "$n sanitizer report(s) in the logs (each counts as a failed test):"
	printf '%s\n' "$hits" | sed "s|^$LOG/|    $(rel "$LOG")/|" >&2
	FAILED=$((FAILED + n))
}

cmd_test() {
	local suite
	common_setup
	for suite in $OFFLINE_SUITES; do "suite_$suite"; done
	start_stack
	for suite in $STACK_SUITES; do "suite_$suite"; done
	stop_started
	scan_sanitizer_logs
	final_line  # on_exit turns FAILED > 0 into exit status 1
}

# cmd_stop asks a running `up` to stop (it stops its own processes in
# order), then stops whatever a killed run left behind.
cmd_stop() {
	local pid i
	settings
	[ -d "$RUN" ] || return 0
	pid=$(cat "$RUN/devstack.pid" 2>/dev/null || true)
	if [ -n "$pid" ] && alive "$pid" && [[ "$(cmdline "$pid")" == *devstack* ]]; then
		say "Asking the running devstack (pid $pid) to stop"
		kill -TERM "$pid"
		for ((i = 0; i < 600; i++)); do
			alive "$pid" || break
			sleep 0.1
		done
	fi
	stop_leftovers
}

# ---------------------------------------------------------------- main

trap on_exit EXIT
trap 'on_err $LINENO "$BASH_COMMAND"' ERR
trap on_signal INT TERM
cd "$ROOT"
case "$MODE" in
up) cmd_up ;;
test) cmd_test ;;
stop) cmd_stop ;;
env) settings; printf 'export %q\n' "${SUITE_ENV[@]}" ;;
*) usage ;;
esac
