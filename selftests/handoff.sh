#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The live TCP handoff end to end.  The classifier accepts the client's
# connection on VIP:port, reads the request, migrates the connection to
# a host over the control channel, and an unmodified server there gets
# it from accept() with the request readable; the host answers the
# client directly.  Servers: python's http.server, an ordinary HTTP/1.1
# server (httpd.py: GET files, POST digests), nginx, a socat echo.
#
#  - flat and routed topologies, IPv4 and IPv6: small and large bodies,
#    a POST upload that mostly arrives through the tunnel, keep-alive,
#    pipelining, a client that half-closes after its request;
#  - the client's TCP options: timestamps, SACK and window scaling on
#    and off, MSS 536 and 1460, and the options the host's socket has;
#  - loss, reordering and duplication on both links during migrations;
#  - load: sequential and concurrent connections, then empty tables;
#  - refusals: no listener, host down; each client gets a RST;
#  - the counters on both sides, and the balancer's link carrying no
#    response bytes.
#
# The addresses are those of tunnel_lib.sh.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tunnel_lib.sh"

require_vm
require_root
require_cmd modprobe socat curl nginx ss tc sha256sum "$PYTHON"

HERE=$(cd "$(dirname "$0")" && pwd)
PORT=8080	# httpd.py
NGX=8082	# nginx
ECHO=8081	# socat echo, then nothing (refusals)
CTL=7280

# The debug kernel (KASAN and lockdep under TCG) is about ten times
# slower: there the same paths run with less data and fewer connections.
# There it looks for splats and leaks on the flat topology (the routed
# one adds a router, not a path through baton) over IPv4, with a GET, a
# POST and an echo over IPv6 for the IPv6 code, and two of the sixteen
# combinations of client options (each option on and off).
if [ "${BATON_KERNEL:-}" = debug ]; then
	BIG=$((1024 * 1024)) POST=$((1024 * 1024)) MATRIX=$((256 * 1024))
	SEQ=20 CONC=10 LOSSY=10 TOPOS=flat FAMS="4 6" LIGHT6=1
	COMBOS="1,1,1,1460 0,0,0,536"
else
	BIG=$((50 * 1024 * 1024)) POST=$((5 * 1024 * 1024)) MATRIX=$((1024 * 1024))
	SEQ=1000 CONC=200 LOSSY=200 TOPOS="flat routed" FAMS="4 6" LIGHT6=0
	COMBOS=$(for ts in 1 0; do for sack in 1 0; do for ws in 1 0; do
		for mss in 1460 536; do echo "$ts,$sack,$ws,$mss"; done; done; done; done)
fi

cstat() { bstat "$NS_BAL" "$1"; }
hstat() { bstat "$NS_HOST1" "$1"; }

# vip FAMILY: the VIP as a URL host; hostaddr FAMILY: host1's address.
vip() { if [ "$1" = 4 ]; then echo "$VIP4"; else echo "[$VIP6]"; fi; }
hostaddr() { if [ "$1" = 4 ]; then echo "$HOST4"; else echo "[$HOST6]"; fi; }

backends_up()
{
	[ "$("$BATONCTL" -n "$NS_BAL" service show | grep -c ' up ')" -ge "$1" ]
}

# services: the three ports on both VIPs, host1 behind each.
services()
{
	local fam port

	"$BATONCTL" -n "$NS_HOST1" migrator set port "$CTL" || return 1
	for fam in 4 6; do
		for port in $PORT $ECHO $NGX; do
			"$BATONCTL" -n "$NS_BAL" service add "$(vip $fam):$port" &&
				"$BATONCTL" -n "$NS_BAL" backend add \
					"$(vip $fam):$port" "$(hostaddr $fam)" ||
				return 1
		done
	done
	wait_for 60 backends_up 6
}

servers()
{
	ip netns exec "$NS_HOST1" "$PYTHON" -I -S "$HERE/httpd.py" "$TMP/www" "$PORT" \
		>"$TMP/httpd.log" 2>&1 &
	mkdir -p "$TMP/nginx"
	cat >"$TMP/nginx.conf" <<-NGINX
		daemon off;
		user root;
		worker_processes 1;
		pid $TMP/nginx/pid;
		error_log $TMP/nginx/error.log;
		events { worker_connections 512; }
		http {
			access_log off;
			client_body_temp_path $TMP/nginx;
			proxy_temp_path $TMP/nginx;
			fastcgi_temp_path $TMP/nginx;
			uwsgi_temp_path $TMP/nginx;
			scgi_temp_path $TMP/nginx;
			server {
				# set on the listener: accepted sockets inherit them
				listen $NGX rcvbuf=32768 so_keepalive=7m:10:3;
				listen [::]:$NGX rcvbuf=32768 so_keepalive=7m:10:3;
				root $TMP/www;
			}
		}
	NGINX
	ip netns exec "$NS_HOST1" nginx -e "$TMP/nginx/error.log" -c "$TMP/nginx.conf" >"$TMP/nginx.log" 2>&1 &
	# python and nginx start slowly on a loaded debug VM: allow minutes
	wait_listen "$NS_HOST1" "$PORT" 180 && wait_listen "$NS_HOST1" "$NGX" 180
}

# get FAMILY PORT NAME: curl a file, compare it byte for byte.
get()
{
	rm -f "$TMP/got"
	ip netns exec "$NS_CLIENT" timeout 300 curl -sS -o "$TMP/got" \
		"http://$(vip "$1"):$2/$3" || return 1
	cmp "$TMP/www/$3" "$TMP/got"
}

# get_bypass FAMILY PORT NAME: as get, and the balancer's link carried
# less than a tenth of the body: the host answered the client directly.
get_bypass()
{
	local before after

	before=$(rx_tx_bytes "$NS_BAL" eth0)
	get "$@" || return 1
	after=$(rx_tx_bytes "$NS_BAL" eth0)
	echo "# balancer eth0 carried $((after - before)) bytes for a $(stat -c %s "$TMP/www/$3")-byte body"
	[ $((after - before)) -lt $(($(stat -c %s "$TMP/www/$3") / 10)) ]
}

# post FAMILY: upload $TMP/post.bin, which mostly follows the migration
# through the tunnel; the server answers its digest and length.
post()
{
	local want got

	want="$(sha256sum <"$TMP/post.bin" | cut -d' ' -f1) $POST"
	got=$(ip netns exec "$NS_CLIENT" timeout 300 curl -sS \
		-H 'Expect:' --data-binary "@$TMP/post.bin" \
		"http://$(vip "$1"):$PORT/upload") || return 1
	echo "# server read: $got"
	[ "$got" = "$want" ]
}

# keepalive FAMILY: three requests, one connection.
keepalive()
{
	local base="http://$(vip "$1"):$PORT" n

	n=$(ip netns exec "$NS_CLIENT" timeout 120 curl -sS -o /dev/null \
		-o /dev/null -o /dev/null -w '%{num_connects}\n' \
		"$base/small" "$base/small" "$base/mid" | paste -sd+ | bc) || return 1
	echo "# connections made for three requests: $n"
	[ "$n" = 1 ]
}

# load FAMILY MODE N NAME: hload.py against httpd.py.
load()
{
	ip netns exec "$NS_CLIENT" timeout 900 "$PYTHON" -I -S "$HERE/hload.py" \
		"$(vip "$1" | tr -d '[]')" "$PORT" "$2" "$3" "/$4" \
		"$(sha256sum <"$TMP/www/$4" | cut -d' ' -f1)"
}

# halfclose FAMILY: an HTTP/1.0 request, then the client's FIN at once:
# the blob carries the FIN, the server still answers.
halfclose()
{
	printf 'GET /small HTTP/1.0\r\n\r\n' | ip netns exec "$NS_CLIENT" \
		timeout 60 socat -t 30 - "TCP:$(vip "$1"):$PORT,shut-down" \
		>"$TMP/half.out" || return 1
	head -1 "$TMP/half.out" | sed 's/^/# /'
	tail -c 1000 "$TMP/half.out" | cmp - "$TMP/www/small"
}

# pyserver_get FAMILY: python's own http.server, as shipped, on the
# echo port for the time of one GET.
pyserver_get()
{
	local pid rc

	ip netns exec "$NS_HOST1" "$PYTHON" -m http.server --bind :: \
		--directory "$TMP/www" "$ECHO" >"$TMP/pyserver.log" 2>&1 &
	pid=$!
	wait_listen "$NS_HOST1" "$ECHO" 60 && get "$1" "$ECHO" mid
	rc=$?
	kill "$pid"
	wait "$pid"
	return $rc
}

# echo_once FAMILY: a line through a socat echo server, the client
# half-closing after it.
echo_once()
{
	local out

	# -t: the request's FIN comes with it; wait for cat's answer
	ip netns exec "$NS_HOST1" timeout 90 socat -t 30 \
		"TCP-LISTEN:$ECHO,reuseaddr,pf=ip$1" EXEC:cat >"$TMP/echo.log" 2>&1 &
	# A migrated connection of the previous server may linger on the
	# port: binding it again needs the listener's SO_REUSEADDR there.
	if ! wait_listen "$NS_HOST1" "$ECHO" 60; then
		sed 's/^/# /' "$TMP/echo.log"
		return 1
	fi
	out=$(echo "baton-handoff" | ip netns exec "$NS_CLIENT" timeout 60 \
		socat -t 30 - "TCP:$(vip "$1"):$ECHO,shut-down")
	wait $!
	echo "# got '$out'"
	[ "$out" = "baton-handoff" ] && return 0
	sed 's/^/# server: /' "$TMP/echo.log"
	"$BATONCTL" -n "$NS_BAL" stats | sed 's/^/# balancer: /'
	"$BATONCTL" -n "$NS_HOST1" stats | sed 's/^/# host: /'
	return 1
}

# tables_empty: every mapping retired on both sides.
tables_empty()
{
	"$BATONCTL" -n "$NS_BAL" stats | grep -q '^encap flows  *0/' &&
		"$BATONCTL" -n "$NS_HOST1" stats | grep -q '^decap flows  *0/'
}

# client_opts TS SACK WSCALE MSS: the client's TCP options.
client_opts()
{
	ip netns exec "$NS_CLIENT" sysctl -qw net.ipv4.tcp_timestamps="$1" \
		net.ipv4.tcp_sack="$2" net.ipv4.tcp_window_scaling="$3" &&
		ip -n "$NS_CLIENT" route change "$VIP4/32" via "$FLAT_NET4.2" \
			advmss "$4"
}

# host_conn: host1's established sockets on the service port.
host_conn()
{
	ip netns exec "$NS_HOST1" ss -tnieH state established |
		grep -A1 -F ":$PORT " | tee "$TMP/ss.out" | grep -q .
}

# host_sees OPTS...: the options of host1's socket of a slow download.
host_sees()
{
	local o rc=0 pid

	ip netns exec "$NS_CLIENT" timeout 120 curl -sS -o /dev/null \
		--limit-rate 20k "http://$VIP4:$PORT/big" &
	pid=$!
	wait_for 60 host_conn
	kill "$pid" 2>/dev/null
	wait "$pid"
	tr -s ' \t' ' ' <"$TMP/ss.out" | sed 's/^/# /'
	for o in "$@"; do
		grep -qw -- "$o" "$TMP/ss.out" || { echo "# missing: $o"; rc=1; }
	done
	return $rc
}

# ---------------------------------------------------------------- setup

mkdir -p "$TMP/www"
head -c 1000 /dev/urandom >"$TMP/www/small"
head -c $((1024 * 1024)) /dev/urandom >"$TMP/www/mid"
head -c "$BIG" /dev/urandom >"$TMP/www/big"
head -c "$MATRIX" /dev/urandom >"$TMP/www/matrix"
head -c "$POST" /dev/urandom >"$TMP/post.bin"

baton_load || skip_all "cannot load the baton modules"

[ "$TOPOS" = flat ] && echo "# debug kernel: the routed topology, and most IPv6 checks, run on the stock kernel only"
for topo in $TOPOS; do
	use_topo $topo || { tap_fail "$topo: topology"; continue; }
	check "$topo: the control channels come up (HELLO)" services
	check "$topo: servers start" servers
	m0=$(cstat migrated) i0=$(hstat infused)

	n=0
	for fam in $FAMS; do
		t="$topo IPv$fam"
		if [ "$fam" = 6 ] && [ "$LIGHT6" = 1 ]; then
			check "$t: http.server-like GET, small body" get $fam $PORT small
			check "$t: POST $POST bytes, mostly through the tunnel" post $fam
			check "$t: socat echo, request and FIN handed off" \
				echo_once $fam
			n=$((n + 3))
			continue
		fi
		check "$t: http.server-like GET, small body" get $fam $PORT small
		check "$t: GET $BIG bytes, byte-exact, replies bypass the balancer" \
			get_bypass $fam $PORT big
		check "$t: nginx GET, byte-exact" get $fam $NGX mid
		check "$t: POST $POST bytes, mostly through the tunnel" post $fam
		check "$t: keep-alive: three requests on one connection" \
			keepalive $fam
		check "$t: three pipelined requests" load $fam pipeline 3 small
		check "$t: the client half-closes after its request" \
			halfclose $fam
		check "$t: python3 -m http.server, 1 MiB body" \
			pyserver_get $fam
		check "$t: socat echo, request and FIN handed off" \
			echo_once $fam
		# 8 connections (keep-alive counts one) plus echo
		n=$((n + 9))
	done
	check "$topo: the classifier migrated each connection, the host infused each" \
		eval '[ $(($(cstat migrated) - m0)) -eq $n ] &&
		      [ $(($(hstat infused) - i0)) -eq $n ]'
	check "$topo: the mappings are retired when the connections end" \
		wait_for 60 tables_empty
	kill $(jobs -p) 2>/dev/null
	wait
done

# ------------------------------------------------- options (flat, IPv4)

# The flat topology again, unless it is the one still up (the debug run):
# then only the servers, which the loop stopped.
if [ "$TOPOS" = flat ]; then
	servers || tap_fail "flat: servers again"
else
	use_topo flat && services && servers || tap_fail "flat again: setup"
fi
check "the host's socket has the negotiated options (ts, sack, wscale)" \
	host_sees ts sack wscale
for combo in $COMBOS; do
	IFS=, read -r ts sack ws mss <<<"$combo"
	check "options: timestamps $ts, SACK $sack, window scaling $ws, MSS $mss" \
		eval 'client_opts $ts $sack $ws $mss && get 4 $PORT matrix'
done
client_opts 1 1 1 1460

# ----------------------------------------------------------- inheritance

# inherits: nginx sets SO_RCVBUF and SO_KEEPALIVE (with TCP_KEEPIDLE) on
# its listener only; an idle keep-alive connection to it, on the host,
# has them (rb is twice SO_RCVBUF; the keepalive timer runs, about 7
# minutes).  Without them it would have rb131072 and no timer.
inherits()
{
	local pid

	# (nothing of it may hold the test's output open)
	(printf 'GET /small HTTP/1.1\r\nHost: t\r\n\r\n'; exec sleep 90) 2>/dev/null |
		ip netns exec "$NS_CLIENT" timeout 100 socat - "TCP:$VIP4:$NGX" \
		>/dev/null 2>&1 &
	pid=$!
	# the handoff takes seconds on a loaded debug VM
	wait_for 80 eval 'ip netns exec "$NS_HOST1" ss -tniemH state established \
		"( sport = :$NGX )" >"$TMP/ss.out" && grep -q "timer:(keepalive" "$TMP/ss.out"'
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	tr -s ' \t' ' ' <"$TMP/ss.out" | sed 's/^/# /'
	grep -q 'timer:(keepalive,[67]min' "$TMP/ss.out" &&
		grep -q 'skmem:(r[0-9]*,rb65536,' "$TMP/ss.out"
}

check "the infused socket has the options nginx set on its listener (SO_RCVBUF, SO_KEEPALIVE)" \
	inherits

# ------------------------------------------------------------------ ends

# client_resets: the client aborts a download with a RST; it crosses
# the tunnel, the server's socket dies, the host reports the end and
# both mappings go.
client_resets()
{
	local e0 c0

	# earlier connections are over: only this one may end now
	wait_for 60 tables_empty || return 1
	e0=$(hstat "ended notices") c0=$(cstat ended)

	ip netns exec "$NS_CLIENT" timeout 60 "$PYTHON" -I -S -c '
import socket, struct, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=30)
s.sendall(b"GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
got = 0
while got < 65536:
    got += len(s.recv(65536))
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()' "$VIP4" "$PORT" || return 1
	wait_for 30 tables_empty || return 1
	echo "# ended notices: $e0 -> $(hstat "ended notices"), balancer ended: $c0 -> $(cstat ended)"
	[ "$(hstat "ended notices")" -eq $((e0 + 1)) ] &&
		[ "$(cstat ended)" -eq $((c0 + 1)) ]
}

# server_resets: the server aborts the connection (httpd.py's /reset);
# the client sees the RST, straight from the host, and the mappings go.
server_resets()
{
	local e0 c0 rc

	wait_for 60 tables_empty || return 1
	e0=$(hstat "ended notices") c0=$(cstat ended)

	ip netns exec "$NS_CLIENT" timeout 60 curl -sS -o /dev/null \
		"http://$VIP4:$PORT/reset" 2>"$TMP/curl.err"
	rc=$?
	sed 's/^/# /' "$TMP/curl.err"
	[ $rc = 56 ] && grep -q "reset by peer" "$TMP/curl.err" || return 1
	wait_for 30 tables_empty || return 1
	echo "# ended notices: $e0 -> $(hstat "ended notices"), balancer ended: $c0 -> $(cstat ended)"
	[ "$(hstat "ended notices")" -eq $((e0 + 1)) ] &&
		[ "$(cstat ended)" -eq $((c0 + 1)) ]
}

check "the client resets a handed-off connection: it ends on both sides" \
	client_resets
check "the server resets a handed-off connection: the client sees it, it ends on both sides" \
	server_resets

# ------------------------------------------------------------------ hold

# held_replayed: the balancer's control channel to host1 is moved onto a
# link of its own (a veth pair straight to host1, and a route to host1's
# ordinary address over it) with a delay of a second, so the blob
# reaches the host after the client's next two requests on the
# connection, sent 0.3 s apart through the tunnel (to host1's tunnel
# address, over the bridge as before): the host holds them before it
# knows their flow ("early"), and while the flow is PENDING, and
# replays them once the socket is infused.  All three answers must be
# right.
held_replayed()
{
	local h0=$(hstat held) e0=$(hstat "held early") d0=$(hstat "hold dropped")
	local rc=0 mac

	ip link add slow0 netns "$NS_BAL" type veth peer name slow1 \
		netns "$NS_HOST1" &&
		ip -n "$NS_BAL" link set slow0 up &&
		ip -n "$NS_HOST1" link set slow1 up &&
		ip netns exec "$NS_BAL" tc qdisc add dev slow0 root netem \
			delay 1000ms || rc=1
	# host1 answers ARP only for the addresses of the link asked on
	mac=$(ip -n "$NS_HOST1" -br link show slow1 | awk '{ print $3 }')
	[ $rc = 0 ] &&
		ip -n "$NS_BAL" neigh add "$HOST4" lladdr "$mac" dev slow0 \
			nud permanent &&
		ip -n "$NS_BAL" route add "$HOST4/32" dev slow0 src "$BTUN4" ||
		rc=1
	[ $rc = 0 ] && { load 4 late 3 small || rc=1; }
	ip -n "$NS_BAL" link del slow0
	echo "# held: $h0 -> $(hstat held), early: $e0 -> $(hstat "held early"), hold dropped: $d0 -> $(hstat "hold dropped")"
	[ $rc = 0 ] && [ "$(hstat held)" -ge $((h0 + 2)) ] &&
		[ "$(hstat "held early")" -ge $((e0 + 2)) ] &&
		[ "$(hstat "hold dropped")" -eq "$d0" ]
}

check "packets that reach the host before the blob are held, then replayed in order" \
	held_replayed
check "after the held connection, both tables are empty" wait_for 60 tables_empty

# ------------------------------------------------------------------ load

check "$SEQ sequential connections, zero failures" load 4 seq "$SEQ" small
check "$CONC concurrent connections, zero failures" load 4 conc "$CONC" small
check "after the load, both tables are empty" wait_for 60 tables_empty

# ------------------------------------------------------------------ loss

# The balancer's side also corrupts: blobs must still arrive intact.
ip netns exec "$NS_CLIENT" tc qdisc add dev eth0 root netem delay 1ms \
	loss 5% reorder 5% duplicate 5%
ip netns exec "$NS_BAL" tc qdisc add dev eth0 root netem delay 1ms \
	loss 5% reorder 5% duplicate 5% corrupt 1%
m0=$(cstat migrated)
check "$LOSSY connections under 5% loss, reordering and duplication on both links" \
	load 4 conc "$LOSSY" small
check "every one of them was migrated" \
	eval '[ $(($(cstat migrated) - m0)) -eq $LOSSY ]'
for ns in "$NS_CLIENT" "$NS_BAL"; do
	ip netns exec "$ns" tc qdisc del dev eth0 root
done
check "after the lossy run, both tables are empty" wait_for 60 tables_empty

# -------------------------------------------------------------- refusals

# stranger_refused: a control connection from the balancer's ordinary
# address (not a forwarder) is closed at once, with no HELLO.
stranger_refused()
{
	local before out

	before=$(hstat "channels refused")
	out=$(ip netns exec "$NS_BAL" timeout 30 socat -u \
		"TCP:$HOST4:$CTL,bind=$BAL4" - | od -An -c | head -c 64)
	echo "# the host sent: '$out'"
	[ -z "$out" ] && [ "$(hstat "channels refused")" -eq $((before + 1)) ]
}

check "a control connection from a non-forwarder is refused and counted" \
	stranger_refused

# cut_mid_blob: the host's link goes silent while a blob crosses it; the
# blob is never answered, the channel is given up, the client reset.
cut_mid_blob()
{
	local before=$(cstat lost) rc=0

	ip netns exec "$NS_HOST1" tc qdisc add dev eth0 root netem loss 100%
	if ip netns exec "$NS_CLIENT" timeout 60 curl -sS -o /dev/null \
		"http://$VIP4:$PORT/small"; then
		echo "# the request succeeded"
		rc=1
	fi
	ip netns exec "$NS_HOST1" tc qdisc del dev eth0 root
	echo "# lost: $before -> $(cstat lost)"
	[ $rc = 0 ] && [ "$(cstat lost)" -eq $((before + 1)) ]
}

check "control channel cut mid-blob: the client gets a RST, the blob counts as lost" \
	cut_mid_blob
check "after the cut, the channel comes back and connections flow" \
	eval 'wait_for 60 backends_up 6 && get 4 $PORT small'

before=$(cstat "refused no listener")
check_fails "no listener on the host: the client gets a RST" \
	ip netns exec "$NS_CLIENT" timeout 60 curl -sS -o /dev/null \
	"http://$VIP4:$ECHO/"
check "no listener: the refusal is counted on both sides" \
	eval '[ $(cstat "refused no listener") -eq $((before + 1)) ] &&
	      [ $(hstat "infuse refused no listener") -ge 1 ]'

"$BATONCTL" -n "$NS_HOST1" migrator set port 0
before=$(cstat "no backend")
check "host down: its backends go down" \
	wait_for 30 eval '! backends_up 1'
check_fails "host down: the client gets a RST" \
	ip netns exec "$NS_CLIENT" timeout 60 curl -sS -o /dev/null \
	"http://$VIP4:$PORT/small"
check "host down: counted as no backend" \
	eval '[ $(cstat "no backend") -eq $((before + 1)) ]'
"$BATONCTL" -n "$NS_HOST1" migrator set port "$CTL"
check "host back: the channels come up again and connections flow" \
	eval 'wait_for 60 backends_up 6 && get 4 $PORT small'

"$BATONCTL" -n "$NS_BAL" stats | sed 's/^/# /'
"$BATONCTL" -n "$NS_HOST1" stats | sed 's/^/# /'

tap_exit
