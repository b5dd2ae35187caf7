#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Content rules and backend groups, end to end: two hosts, each in its
# group and serving its own name, behind one l7 service.
#
#  - HTTP: exact and wildcard Host rules, a path-prefix rule, the first
#    match winning, the service's default group for the rest;
#  - a request whose head arrives in pieces is routed on the whole head;
#  - TLS: nginx terminating TLS on both hosts, a rule on the ClientHello's
#    server name, reached with curl --resolve: the connection is handed
#    off still encrypted and the backend's certificate answers;
#  - a rule to a group without a backend: the client is reset and it
#    counts as "no backend";
#  - "rule show" lists the rules in order with their matches, "rule del"
#    takes one out;
#  - "save" writes rules and groups, and "restore" brings them back.
#
# The addresses are those of tunnel_lib.sh; host2 gets its tunnel
# address .112 (::112) here.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tunnel_lib.sh"

require_vm
require_root
require_cmd modprobe curl nginx openssl "$PYTHON"

HERE=$(cd "$(dirname "$0")" && pwd)
PORT=8080	# httpd.py on both hosts
TLS=8443	# nginx with TLS on both hosts
CTL=7280

cstat() { bstat "$NS_BAL" "$1"; }
bc_bal() { "$BATONCTL" -n "$NS_BAL" "$@"; }

baton_load || skip_all "cannot load the baton modules"
use_topo flat || skip_all "cannot build the flat topology"

HOST2=$FLAT_NET4.12
HTUN4_2=$FLAT_NET4.112

# host_setup NS NAME: the migrator, an HTTP server whose /who says NAME,
# and nginx with TLS saying NAME too.
host_setup()
{
	local ns=$1 name=$2 dir=$TMP/$2

	mkdir -p "$dir/www/v2" "$dir/nginx"
	echo "$name" >"$dir/www/who"
	echo "$name v2" >"$dir/www/v2/who"
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$name" \
		-keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 ||
		return 1
	cat >"$dir/nginx.conf" <<-NGINX
		daemon off;
		user root;
		worker_processes 1;
		pid $dir/nginx/pid;
		error_log $dir/nginx/error.log;
		events { worker_connections 64; }
		http {
			access_log off;
			client_body_temp_path $dir/nginx;
			proxy_temp_path $dir/nginx;
			fastcgi_temp_path $dir/nginx;
			uwsgi_temp_path $dir/nginx;
			scgi_temp_path $dir/nginx;
			server {
				listen $TLS ssl;
				ssl_certificate $dir/cert.pem;
				ssl_certificate_key $dir/key.pem;
				root $dir/www;
			}
		}
	NGINX
	"$BATONCTL" -n "$ns" migrator set port "$CTL" || return 1
	ip netns exec "$ns" "$PYTHON" -I -S "$HERE/httpd.py" "$dir/www" "$PORT" \
		>"$dir/httpd.log" 2>&1 &
	ip netns exec "$ns" nginx -e "$dir/nginx/error.log" -c "$dir/nginx.conf" \
		>"$dir/nginx.log" 2>&1 &
	wait_listen "$ns" "$PORT" 60 && wait_listen "$ns" "$TLS" 60
}

all_up()
{
	[ "$(bc_bal service show | grep -c ' up ')" -ge 4 ]
}

setup()
{
	local port

	addr "$NS_HOST2" eth0 "$HTUN4_2/24" &&
		"$BATONCTL" -n "$NS_HOST2" tunnel set local "$HTUN4_2" \
			forwarder add "$BTUN4" timeout 3600 || return 1
	host_setup "$NS_HOST1" one && host_setup "$NS_HOST2" two || return 1
	for port in $PORT $TLS; do
		bc_bal service add "$VIP4:$port" default-group web &&
			bc_bal backend add "$VIP4:$port" "$HOST4" group api &&
			bc_bal backend add "$VIP4:$port" "$HOST2" group web ||
			return 1
	done
	wait_for 60 all_up
}
check "two hosts, one per group (api: host1, web: host2), on two services" setup

# who HOST PATH: the answer to a GET of PATH with Host HOST.
who()
{
	ip netns exec "$NS_CLIENT" timeout 30 curl -sS -H "Host: $1" \
		"http://$VIP4:$PORT$2"
}

# routed HOST PATH WANT: the request goes where WANT says.
routed()
{
	local got

	got=$(who "$1" "$2")
	echo "# Host $1, path $2: '$got' (want '$3')"
	[ "$got" = "$3" ]
}

check "no rules: the service's default group (web)" \
	routed api.example.com /who two
check "rule add: an exact host" \
	bc_bal rule add "$VIP4:$PORT" host api.example.com '->' group api
check "  its host goes to its group" routed api.example.com /who one
check "  ... in any case, with a port" routed API.Example.COM:8080 /who one
check "  another host: the default group" routed www.example.com /who two
check "rule add: a path prefix" \
	bc_bal rule add "$VIP4:$PORT" path-prefix /v2/ group api
check "  the path goes to its group" routed www.example.com /v2/who "one v2"
check "rule add pos 1: a wildcard host, to web" \
	bc_bal rule add "$VIP4:$PORT" pos 1 host '*.example.com' group web
check "  the first match wins: api.example.com now goes to web" \
	routed api.example.com /who two
check "  the wildcard takes one label: a.b.example.com falls through to /v2/" \
	routed a.b.example.com /v2/who "one v2"

# split_get: GET /who with Host x.example.org, its head in three pieces
# 300 ms apart; prints the body.
split_get()
{
	ip netns exec "$NS_CLIENT" timeout 30 "$PYTHON" -I -S -c '
import socket, sys, time
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=20)
for part in (b"GET /who HT", b"TP/1.1\r\nHo",
             b"st: x.example.org\r\nConnection: close\r\n\r\n"):
    s.sendall(part)
    time.sleep(0.3)
data = b""
while True:
    b = s.recv(4096)
    if not b:
        break
    data += b
print(data.split(b"\r\n\r\n", 1)[1].decode().strip())' "$VIP4" "$PORT"
}

# split_head: the rule matches on the whole head.
split_head()
{
	local got

	got=$(split_get)
	echo "# got '$got'"
	[ "$got" = two ] || return 1
	bc_bal rule add "$VIP4:$PORT" pos 1 host x.example.org group api &&
		got=$(split_get)
	echo "# with a rule for x.example.org: '$got'"
	[ "$got" = one ]
}
check "a head in three segments is routed on the whole head" split_head

rules_listed()
{
	local out

	out=$(bc_bal -j rule show "$VIP4:$PORT") || return 1
	bc_bal rule show "$VIP4:$PORT" | sed 's/^/# /'
	"$PYTHON" -I -S -c '
import json, sys
r = json.loads(sys.argv[1])
want = [(1, "x.example.org", None, "api"), (2, "*.example.com", None, "web"),
        (3, "api.example.com", None, "api"), (4, None, "/v2/", "api")]
got = [(x["pos"], x["host"], x["path_prefix"], x["group"]) for x in r]
assert got == want, got
# matches so far: x.example.org once, the wildcard once (api.example.com),
# the exact host twice, the path twice
assert [x["matched"] for x in r] == [1, 1, 2, 2], r
' "$out"
}
check "rule show: in order, with their matches" rules_listed
check "rule del pos 1: x.example.org falls back" \
	eval 'bc_bal rule del "$VIP4:$PORT" pos 1 && routed x.example.org /who two'
check_fails "rule del of a rule that is not there is refused" \
	bc_bal rule del "$VIP4:$PORT" pos 9

# tls SNI: the name of the certificate that answers, through the VIP.
tls()
{
	ip netns exec "$NS_CLIENT" timeout 30 curl -sS -k \
		--resolve "$1:$TLS:$VIP4" -o "$TMP/tls.out" \
		-w '%{ssl_verify_result}' "https://$1:$TLS/who" >/dev/null &&
		cat "$TMP/tls.out"
}

tls_routed()
{
	local got

	got=$(tls "$1")
	echo "# SNI $1: '$got' (want '$2')"
	[ "$got" = "$2" ]
}

check "rule add: an SNI wildcard for TLS" \
	bc_bal rule add "$VIP4:$TLS" sni '*.secure.example.com' group api
check "  TLS handed off encrypted, terminated by host1's nginx" \
	tls_routed shop.secure.example.com one
check "  another server name: the default group, host2's nginx" \
	tls_routed www.example.com two
check "  host rules never match TLS: a Host rule for the same name does not" \
	eval 'bc_bal rule add "$VIP4:$TLS" pos 1 host www.example.com group api &&
	      tls_routed www.example.com two'

no_group_backend()
{
	local before

	before=$(cstat "no backend")
	bc_bal rule add "$VIP4:$PORT" pos 1 host nowhere.example.com group empty ||
		return 1
	if who nowhere.example.com /who; then
		echo "# a request for a group without backends succeeded"
		return 1
	fi
	echo "# no backend: $before -> $(cstat "no backend")"
	[ "$(cstat "no backend")" -eq $((before + 1)) ]
}
check "a rule to a group without backends: the client is reset, counted as no backend" \
	no_group_backend

check "backend set group: host2 joins api; web's requests find no backend" \
	eval 'bc_bal backend set "$VIP4:$PORT" "$HOST2" group api &&
	      ! who www.example.com /who >/dev/null 2>&1'
check "service set default-group api: what no rule matches goes to api" \
	eval 'bc_bal service set "$VIP4:$PORT" default-group api &&
	      got=$(who other.test /who) && echo "# got $got" &&
	      { [ "$got" = one ] || [ "$got" = two ]; }'
check_fails "an invalid group name is refused" \
	bc_bal rule add "$VIP4:$PORT" host a.example.com group 'a/b'
check_fails "a path prefix without its leading / is refused" \
	bc_bal rule add "$VIP4:$PORT" path-prefix v3 group api

# save_restore: "save" writes the rules and groups; the services deleted
# and the file restored, "save" writes the same again, and the rules
# route as before.
save_restore()
{
	local got

	bc_bal save >"$TMP/saved" || return 1
	sed 's/^/# /' "$TMP/saved"
	grep -q "^rule add $VIP4:$PORT host nowhere.example.com group empty$" \
		"$TMP/saved" &&
		grep -q "^backend add $VIP4:$PORT $HOST2 weight 1 group api$" \
			"$TMP/saved" &&
		grep -q "^service add $VIP4:$PORT .* default-group api$" \
			"$TMP/saved" || return 1
	bc_bal service del "$VIP4:$PORT" && bc_bal service del "$VIP4:$TLS" &&
		bc_bal restore "$TMP/saved" || return 1
	bc_bal save >"$TMP/saved2" || return 1
	diff "$TMP/saved" "$TMP/saved2" | sed 's/^/# /'
	cmp -s "$TMP/saved" "$TMP/saved2" && wait_for 60 all_up || return 1
	got=$(who a.b.example.com /v2/who)
	echo "# a.b.example.com /v2/who: '$got'"
	[ "$got" = "one v2" ] || [ "$got" = "two v2" ]
}
check "save writes rules and groups; restore brings them back, the same" \
	save_restore

restore_refused()
{
	local out

	echo "rule add $VIP4:$PORT host a.example.com group a/b" >"$TMP/bad"
	if out=$(bc_bal restore "$TMP/bad" 2>&1); then
		echo "# restore succeeded: $out"
		return 1
	fi
	echo "# $out"
	grep -q "a group name is" <<<"$out" && grep -q "line 1" <<<"$out"
}
check "restore stops at a line the kernel refuses, with its reason and line" \
	restore_refused

tap_exit
