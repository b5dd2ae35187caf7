// SPDX-License-Identifier: GPL-2.0
/*
 * Test inputs for the request sniffers, shared by their KUnit suite and
 * their userspace tests (fuzz/).
 *
 * HTTP requests are written out, a few of them as curl, wget, Python and
 * browsers send them.  ClientHellos are either captured from real clients
 * (openssl s_client, curl), or written here by a writer of their own,
 * modelled on OpenSSL 3.0's, which shares no code with the sniffer and
 * lets each case break one field of the wire format.
 */
#include <baton/sniff.h>

#include "sniff_cases.h"

#define NEED		.ret = BATON_SNIFF_NEED_MORE
#define REFUSE(r, w)	.ret = BATON_SNIFF_##r, .why = w
#define DONE(m, h, p, pa, mi)						\
	.ret = BATON_SNIFF_DONE, .method = m, .host = h, .port = p,	\
	.path = pa, .minor = mi

#define CURL_UA		"User-Agent: curl/7.88.1\r\nAccept: */*\r\n"

/* A method of exactly BATON_SNIFF_HTTP_METHOD_MAX characters. */
#define LONG_METHOD	"ABCDEFGHIJKLMNOPQRST"

#define LABEL63		"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0"
#define LABEL61		"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxy"
#define NAME253		LABEL63 "." LABEL63 "." LABEL63 "." LABEL61

const struct baton_sniff_http_case baton_sniff_http_cases[] = {
	/* As clients send them. */
	{ .name = "curl",
	  .req = "GET /index.html?q=1 HTTP/1.1\r\nHost: example.com:44311\r\n"
		 CURL_UA "\r\n",
	  DONE("GET", "example.com", 44311, "/index.html", 1) },
	{ .name = "curl through a proxy: absolute form",
	  .req = "GET http://www.example.net/a/b HTTP/1.1\r\n"
		 "Host: www.example.net\r\n" CURL_UA
		 "Proxy-Connection: Keep-Alive\r\n\r\n",
	  DONE("GET", "www.example.net", 0, "/a/b", 1) },
	{ .name = "curl -0 to an IPv6 address",
	  .req = "GET /v6 HTTP/1.0\r\nHost: [::1]:44314\r\n" CURL_UA "\r\n",
	  DONE("GET", "[::1]", 44314, "/v6", 0) },
	{ .name = "Python urllib",
	  .req = "GET /p?x=1 HTTP/1.1\r\nAccept-Encoding: identity\r\n"
		 "Host: 127.0.0.1:44316\r\nUser-Agent: Python-urllib/3.11\r\n"
		 "Connection: close\r\n\r\n",
	  DONE("GET", "127.0.0.1", 44316, "/p", 1) },
	{ .name = "wget, mixed-case host",
	  .req = "GET /dl/file.tar.gz HTTP/1.1\r\nHost: WWW.Example.COM\r\n"
		 "User-Agent: Wget/1.21.3\r\nAccept: */*\r\n"
		 "Accept-Encoding: identity\r\nConnection: Keep-Alive\r\n\r\n",
	  DONE("GET", "www.example.com", 0, "/dl/file.tar.gz", 1) },
	{ .name = "Firefox",
	  .req = "GET / HTTP/1.1\r\nHost: www.example.com\r\n"
		 "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0\r\n"
		 "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
		 "Accept-Language: en-US,en;q=0.5\r\n"
		 "Accept-Encoding: gzip, deflate, br\r\nDNT: 1\r\n"
		 "Connection: keep-alive\r\nUpgrade-Insecure-Requests: 1\r\n"
		 "Sec-Fetch-Dest: document\r\nSec-Fetch-Mode: navigate\r\n"
		 "Sec-Fetch-Site: none\r\nSec-Fetch-User: ?1\r\n\r\n",
	  DONE("GET", "www.example.com", 0, "/", 1) },
	{ .name = "Chrome, with cookies",
	  .req = "GET /shop/cart?item=42&ref=%2Fhome HTTP/1.1\r\n"
		 "Host: Shop.Example.COM\r\nConnection: keep-alive\r\n"
		 "sec-ch-ua: \"Chromium\";v=\"118\", \"Google Chrome\";v=\"118\", \"Not=A?Brand\";v=\"99\"\r\n"
		 "sec-ch-ua-mobile: ?0\r\nsec-ch-ua-platform: \"Linux\"\r\n"
		 "Upgrade-Insecure-Requests: 1\r\n"
		 "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36\r\n"
		 "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7\r\n"
		 "Accept-Encoding: gzip, deflate, br\r\n"
		 "Accept-Language: en-GB,en;q=0.9\r\n"
		 "Cookie: session=5f2b1c0e9a; theme=dark; _ga=GA1.2.1234567890.1700000000\r\n\r\n",
	  DONE("GET", "shop.example.com", 0, "/shop/cart", 1) },
	{ .name = "ApacheBench, HTTP/1.0",
	  .req = "GET / HTTP/1.0\r\nHost: 192.0.2.10\r\n"
		 "User-Agent: ApacheBench/2.3\r\nAccept: */*\r\n\r\n",
	  DONE("GET", "192.0.2.10", 0, "/", 0) },
	{ .name = "HTTP/1.0 without Host",
	  .req = "GET /old HTTP/1.0\r\n\r\n",
	  DONE("GET", "", 0, "/old", 0) },
	{ .name = "POST with its body",
	  .req = "POST /api/v1/items HTTP/1.1\r\nHost: api.example.com\r\n"
		 "Content-Type: application/json\r\nContent-Length: 13\r\n\r\n"
		 "{\"a\":\"hello\"}",
	  DONE("POST", "api.example.com", 0, "/api/v1/items", 1),
	  .head_len = 106 },
	{ .name = "two requests in a row: the first",
	  .req = "HEAD /a HTTP/1.1\r\nHost: one.example\r\n\r\n"
		 "GET /b HTTP/1.1\r\nHost: two.example\r\n\r\n",
	  DONE("HEAD", "one.example", 0, "/a", 1), .head_len = 39 },
	{ .name = "OPTIONS *",
	  .req = "OPTIONS * HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  DONE("OPTIONS", "example.com", 0, "*", 1) },
	{ .name = "IPv6 literal with a port",
	  .req = "GET /x HTTP/1.1\r\nHost: [2001:db8::1]:8080\r\n\r\n",
	  DONE("GET", "[2001:db8::1]", 8080, "/x", 1) },
	{ .name = "IPv6 literal in capitals",
	  .req = "GET / HTTP/1.1\r\nHost: [2001:DB8::A]\r\n\r\n",
	  DONE("GET", "[2001:db8::a]", 0, "/", 1) },
	{ .name = "IPv6 literal with an IPv4 tail",
	  .req = "GET / HTTP/1.1\r\nHost: [::ffff:192.0.2.1]:80\r\n\r\n",
	  DONE("GET", "[::ffff:192.0.2.1]", 80, "/", 1) },
	{ .name = "host with a trailing dot",
	  .req = "GET / HTTP/1.1\r\nHost: example.com.:443\r\n\r\n",
	  DONE("GET", "example.com", 443, "/", 1) },
	{ .name = "Host with spaces and tabs around",
	  .req = "GET / HTTP/1.1\r\nHost: \t example.com \t\r\n\r\n",
	  DONE("GET", "example.com", 0, "/", 1) },
	{ .name = "host without spaces, name in capitals",
	  .req = "GET / HTTP/1.1\r\nHOST:example.com\r\n\r\n",
	  DONE("GET", "example.com", 0, "/", 1) },
	{ .name = "host of 253 characters, labels of 63",
	  .req = "GET / HTTP/1.1\r\nHost: " NAME253 "\r\n\r\n",
	  DONE("GET", NAME253, 0, "/", 1) },
	{ .name = "host with '_' and '-'",
	  .req = "GET / HTTP/1.1\r\nHost: my_host-1.example\r\n\r\n",
	  DONE("GET", "my_host-1.example", 0, "/", 1) },
	{ .name = "bare LF line endings",
	  .req = "GET / HTTP/1.1\nHost: example.com\n\n",
	  DONE("GET", "example.com", 0, "/", 1) },
	{ .name = "CRLF and LF mixed",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\nAccept: */*\r\n\n",
	  DONE("GET", "example.com", 0, "/", 1) },
	{ .name = "empty Host",
	  .req = "GET / HTTP/1.1\r\nHost:\r\n\r\n",
	  DONE("GET", "", 0, "/", 1) },
	{ .name = "absolute form, https, port, no path",
	  .req = "GET https://Secure.Example.com:8443?x HTTP/1.1\r\n"
		 "Host: secure.example.com:8443\r\n\r\n",
	  DONE("GET", "secure.example.com", 8443, "", 1) },
	{ .name = "absolute form wins over Host",
	  .req = "GET HTTP://a.example/x HTTP/1.1\r\nHost: b.example\r\n\r\n",
	  DONE("GET", "a.example", 0, "/x", 1) },
	{ .name = "absolute form, HTTP/1.0 without Host",
	  .req = "GET http://a.example:81/y?z HTTP/1.0\r\n\r\n",
	  DONE("GET", "a.example", 81, "/y", 0) },
	{ .name = "path without its fragment",
	  .req = "GET /a/b#frag HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  DONE("GET", "example.com", 0, "/a/b", 1) },
	{ .name = "path as sent, percent-encoded",
	  .req = "GET /%7Euser/a%20b/../c HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  DONE("GET", "example.com", 0, "/%7Euser/a%20b/../c", 1) },
	{ .name = "path in raw UTF-8",
	  .req = "GET /caf\xc3\xa9 HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  DONE("GET", "example.com", 0, "/caf\xc3\xa9", 1) },
	{ .name = "method with '-'",
	  .req = "VERSION-CONTROL /v HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  DONE("VERSION-CONTROL", "example.com", 0, "/v", 1) },
	{ .name = "SSDP's M-SEARCH *",
	  .req = "M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\n\r\n",
	  REFUSE(INVALID, "'*' target without OPTIONS") },
	{ .name = "WebDAV method",
	  .req = "PROPFIND /dav/ HTTP/1.1\r\nHost: dav.example\r\n"
		 "Depth: 1\r\n\r\n",
	  DONE("PROPFIND", "dav.example", 0, "/dav/", 1) },
	{ .name = "method of 20 characters",
	  .req = LONG_METHOD " / HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  DONE(LONG_METHOD, "example.com", 0, "/", 1) },
	{ .name = "HTTP/1.9 is 1.1",
	  .req = "GET / HTTP/1.9\r\nHost: example.com\r\n\r\n",
	  DONE("GET", "example.com", 0, "/", 9) },
	{ .name = "field value in UTF-8, and empty",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\n"
		 "X-Name: Ren\xc3\xa9\r\nX-Empty:\r\n\r\n",
	  DONE("GET", "example.com", 0, "/", 1) },
	{ .name = "port 65535",
	  .req = "GET / HTTP/1.1\r\nHost: example.com:65535\r\n\r\n",
	  DONE("GET", "example.com", 65535, "/", 1) },
	{ .name = "empty port",
	  .req = "GET / HTTP/1.1\r\nHost: example.com:\r\n\r\n",
	  DONE("GET", "example.com", 0, "/", 1) },
	{ .name = "head as long as its limit",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", .head_max = 37,
	  DONE("GET", "example.com", 0, "/", 1) },
	{ .name = "head limit over the largest: the largest",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  .head_max = (size_t)-1,
	  DONE("GET", "example.com", 0, "/", 1) },
	{ .name = "100 header fields",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", .fields = 99,
	  DONE("GET", "example.com", 0, "/", 1) },
	{ .name = "line of 8192 bytes",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", .line = 8192,
	  .head_max = 16384,
	  DONE("GET", "example.com", 0, "/", 1) },

	/* Not HTTP. */
	{ .name = "TLS record", .req = "\x16\x03\x01\x02", .len = 4,
	  REFUSE(NOT_THIS, "no method") },
	{ .name = "empty line first", .req = "\r\nGET / HTTP/1.1\r\n",
	  REFUSE(NOT_THIS, "no method") },
	{ .name = "lowercase method", .req = "get / HTTP/1.1\r\n",
	  REFUSE(NOT_THIS, "no method") },
	{ .name = "SSH banner", .req = "SSH-2.0-OpenSSH_9.2p1\r\n",
	  REFUSE(NOT_THIS, "no method") },
	{ .name = "a lone word", .req = "QUIT\r\n",
	  REFUSE(NOT_THIS, "no method") },
	{ .name = "tab after the method", .req = "GET\t/ HTTP/1.1\r\n",
	  REFUSE(NOT_THIS, "no method") },
	{ .name = "method of 21 characters",
	  .req = LONG_METHOD "U / HTTP/1.1\r\n",
	  REFUSE(NOT_THIS, "method too long") },

	/* Not complete yet. */
	{ .name = "nothing yet", .req = "", NEED },
	{ .name = "the method's first letter", .req = "G", NEED },
	{ .name = "no empty line yet",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\n", NEED },
	{ .name = "half of the last CRLF",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\n\r", NEED },

	/* Malformed. */
	{ .name = "HTTP/1.1 without Host",
	  .req = "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n",
	  REFUSE(INVALID, "HTTP/1.1 request without Host") },
	{ .name = "absolute form, HTTP/1.1 without Host",
	  .req = "GET http://a.example/ HTTP/1.1\r\n\r\n",
	  REFUSE(INVALID, "HTTP/1.1 request without Host") },
	{ .name = "Host twice, the same",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "duplicate Host") },
	{ .name = "Host twice, another name and case",
	  .req = "GET / HTTP/1.1\r\nHost: a.example\r\nhost: b.example\r\n\r\n",
	  REFUSE(INVALID, "duplicate Host") },
	{ .name = "Host twice with an absolute form",
	  .req = "GET http://a.example/ HTTP/1.1\r\nHost: a.example\r\n"
		 "Host: b.example\r\n\r\n",
	  REFUSE(INVALID, "duplicate Host") },
	{ .name = "bad Host with an absolute form",
	  .req = "GET http://a.example/ HTTP/1.1\r\nHost: a b\r\n\r\n",
	  REFUSE(INVALID, "bad character in host name") },
	{ .name = "space inside Host",
	  .req = "GET / HTTP/1.1\r\nHost: exa mple.com\r\n\r\n",
	  REFUSE(INVALID, "bad character in host name") },
	{ .name = "userinfo in Host",
	  .req = "GET / HTTP/1.1\r\nHost: user@example.com\r\n\r\n",
	  REFUSE(INVALID, "bad character in host name") },
	{ .name = "'/' in Host",
	  .req = "GET / HTTP/1.1\r\nHost: example.com/evil\r\n\r\n",
	  REFUSE(INVALID, "bad character in host name") },
	{ .name = "percent-encoded Host",
	  .req = "GET / HTTP/1.1\r\nHost: ex%61mple.com\r\n\r\n",
	  REFUSE(INVALID, "bad character in host name") },
	{ .name = "empty label",
	  .req = "GET / HTTP/1.1\r\nHost: example..com\r\n\r\n",
	  REFUSE(INVALID, "empty label in host name") },
	{ .name = "leading dot",
	  .req = "GET / HTTP/1.1\r\nHost: .example.com\r\n\r\n",
	  REFUSE(INVALID, "empty label in host name") },
	{ .name = "two trailing dots",
	  .req = "GET / HTTP/1.1\r\nHost: example.com..\r\n\r\n",
	  REFUSE(INVALID, "empty label in host name") },
	{ .name = "a lone dot",
	  .req = "GET / HTTP/1.1\r\nHost: .\r\n\r\n",
	  REFUSE(INVALID, "empty host name") },
	{ .name = "port without a host",
	  .req = "GET / HTTP/1.1\r\nHost: :80\r\n\r\n",
	  REFUSE(INVALID, "empty host name") },
	{ .name = "label of 64 characters",
	  .req = "GET / HTTP/1.1\r\nHost: " LABEL63 "x.example\r\n\r\n",
	  REFUSE(INVALID, "label too long in host name") },
	{ .name = "host of 254 characters",
	  .req = "GET / HTTP/1.1\r\nHost: " NAME253 "b\r\n\r\n",
	  REFUSE(INVALID, "host name too long") },
	{ .name = "host of 255 characters",
	  .req = "GET / HTTP/1.1\r\nHost: a." NAME253 "\r\n\r\n",
	  REFUSE(INVALID, "host name too long") },
	{ .name = "port 65536",
	  .req = "GET / HTTP/1.1\r\nHost: example.com:65536\r\n\r\n",
	  REFUSE(INVALID, "bad port") },
	{ .name = "port of 6 digits",
	  .req = "GET / HTTP/1.1\r\nHost: example.com:000080\r\n\r\n",
	  REFUSE(INVALID, "bad port") },
	{ .name = "port not a number",
	  .req = "GET / HTTP/1.1\r\nHost: example.com:http\r\n\r\n",
	  REFUSE(INVALID, "bad port") },
	{ .name = "two ports",
	  .req = "GET / HTTP/1.1\r\nHost: example.com:80:80\r\n\r\n",
	  REFUSE(INVALID, "bad port") },
	{ .name = "unterminated IPv6 literal",
	  .req = "GET / HTTP/1.1\r\nHost: [2001:db8::1\r\n\r\n",
	  REFUSE(INVALID, "unterminated IPv6 literal") },
	{ .name = "IPv6 literal with a zone",
	  .req = "GET / HTTP/1.1\r\nHost: [fe80::1%eth0]\r\n\r\n",
	  REFUSE(INVALID, "bad character in IPv6 literal") },
	{ .name = "IPv6 literal without a colon",
	  .req = "GET / HTTP/1.1\r\nHost: [1234]\r\n\r\n",
	  REFUSE(INVALID, "bad IPv6 literal") },
	{ .name = "IPv6 literal, then junk",
	  .req = "GET / HTTP/1.1\r\nHost: [::1]x\r\n\r\n",
	  REFUSE(INVALID, "bad character after IPv6 literal") },
	{ .name = "folded header field",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\nX-A: b\r\n c\r\n\r\n",
	  REFUSE(INVALID, "obsolete line folding") },
	{ .name = "folded Host",
	  .req = "GET / HTTP/1.1\r\nHost:\r\n\texample.com\r\n\r\n",
	  REFUSE(INVALID, "obsolete line folding") },
	{ .name = "whitespace before the first header field",
	  .req = "GET / HTTP/1.1\r\n Host: example.com\r\n\r\n",
	  REFUSE(INVALID, "whitespace before the header fields") },
	{ .name = "space before the colon",
	  .req = "GET / HTTP/1.1\r\nHost : example.com\r\n\r\n",
	  REFUSE(INVALID, "bad character in header field name") },
	{ .name = "header field without a colon",
	  .req = "GET / HTTP/1.1\r\nHost example.com\r\n\r\n",
	  REFUSE(INVALID, "bad character in header field name") },
	{ .name = "header field name only",
	  .req = "GET / HTTP/1.1\r\nHost\r\n\r\n",
	  REFUSE(INVALID, "header field without a colon") },
	{ .name = "empty header field name",
	  .req = "GET / HTTP/1.1\r\n: example.com\r\n\r\n",
	  REFUSE(INVALID, "empty header field name") },
	{ .name = "NUL in a field value",
	  .req = "GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n", .len = 29,
	  REFUSE(INVALID, "bad character in header field value") },
	{ .name = "bare CR in a field value",
	  .req = "GET / HTTP/1.1\r\nX-A: a\rb\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "bad character in header field value") },
	{ .name = "bare CR ending the request line",
	  .req = "GET / HTTP/1.1\rHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "bad HTTP version") },
	{ .name = "CR CR LF",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\r\n\r\n",
	  REFUSE(INVALID, "bad character in header field value") },
	{ .name = "HTTP/0.9", .req = "GET /\r\n",
	  REFUSE(INVALID, "no HTTP version") },
	{ .name = "two spaces after the method",
	  .req = "GET  / HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "no request target") },
	{ .name = "HTTP/2.0",
	  .req = "GET / HTTP/2.0\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "unsupported HTTP version") },
	{ .name = "HTTP/2 connection preface",
	  .req = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
	  REFUSE(INVALID, "unsupported HTTP version") },
	{ .name = "HTTP/1.10",
	  .req = "GET / HTTP/1.10\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "bad HTTP version") },
	{ .name = "lowercase version",
	  .req = "GET / http/1.1\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "bad HTTP version") },
	{ .name = "space after the version",
	  .req = "GET / HTTP/1.1 \r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "bad HTTP version") },
	{ .name = "version cut short",
	  .req = "GET / HTTP/1\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "bad HTTP version") },
	{ .name = "CONNECT: authority form",
	  .req = "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
	  REFUSE(INVALID, "bad request target") },
	{ .name = "ftp URI",
	  .req = "GET ftp://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "bad request target") },
	{ .name = "absolute form without a host",
	  .req = "GET http:///x HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "no host in request target") },
	{ .name = "absolute form with userinfo",
	  .req = "GET http://user:pw@example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "bad port") },
	{ .name = "'*' with GET",
	  .req = "GET * HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "'*' target without OPTIONS") },
	{ .name = "control character in the target",
	  .req = "GET /a\x01 HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "bad character in request target") },
	{ .name = "DEL in the target",
	  .req = "GET /a\x7f HTTP/1.1\r\nHost: example.com\r\n\r\n",
	  REFUSE(INVALID, "bad character in request target") },
	{ .name = "head over its limit",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", .head_max = 36,
	  REFUSE(INVALID, "request head too long") },
	{ .name = "head over the default limit",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", .line = 8190,
	  REFUSE(INVALID, "request head too long") },
	{ .name = "101 header fields",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", .fields = 100,
	  REFUSE(INVALID, "too many header fields") },
	{ .name = "line of 8193 bytes",
	  .req = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", .line = 8193,
	  .head_max = 16384,
	  REFUSE(INVALID, "line too long") },
};

const unsigned int baton_sniff_http_nr_cases = ARRAY_SIZE(baton_sniff_http_cases);

/* Write @n bytes of @s, or up to its NUL if @n is 0, at *@off. */
static size_t baton_sniff_http_put(u8 *buf, size_t room, size_t off,
				   const char *s, size_t n)
{
	if (!n)
		n = strlen(s);
	if (off > room || n > room - off)
		return room + 1;
	memcpy(buf + off, s, n);
	return off + n;
}

/**
 * baton_sniff_http_case_build() - write the request of a case
 * @c: the case
 * @buf: where to write it
 * @room: bytes at @buf, BATON_SNIFF_HTTP_TEST_ROOM
 *
 * Return: the length of the request, or 0 if @room is too short.
 */
size_t baton_sniff_http_case_build(const struct baton_sniff_http_case *c,
				   u8 *buf, size_t room)
{
	static const char fill[] = "X-Fill-000: 1\r\n";
	size_t len = c->len ? c->len : strlen(c->req), first, off;
	const char *nl = memchr(c->req, '\n', len);
	char line[sizeof(fill)];
	unsigned int i;

	if (!c->fields && !c->line)
		return baton_sniff_http_put(buf, room, 0, c->req, len) > room ?
		       0 : len;
	first = nl ? (size_t)(nl - c->req) + 1 : len;
	off = baton_sniff_http_put(buf, room, 0, c->req, first);
	for (i = 0; i < c->fields; i++) {
		memcpy(line, fill, sizeof(fill));
		line[7] = '0' + i / 100 % 10;
		line[8] = '0' + i / 10 % 10;
		line[9] = '0' + i % 10;
		off = baton_sniff_http_put(buf, room, off, line, 0);
	}
	if (c->line) {
		off = baton_sniff_http_put(buf, room, off, "X-Long: ", 0);
		if (off < room && c->line - 10U <= room - off) {
			memset(buf + off, 'a', c->line - 10);
			off += c->line - 10;
		}
		off = baton_sniff_http_put(buf, room, off, "\r\n", 0);
	}
	off = baton_sniff_http_put(buf, room, off, c->req + first, len - first);
	return off > room ? 0 : off;
}

/* Whether @ret and @out are what case @c says of its request @buf. */
static const char *
baton_sniff_http_case_check(const struct baton_sniff_http_case *c,
			    const u8 *buf, size_t len, int ret,
			    const struct baton_sniff_http *out)
{
	size_t head_len = c->head_len ? c->head_len : len;

	if (ret != c->ret)
		return "another result";
	if (ret != BATON_SNIFF_DONE) {
		if (c->why ? !out->why || strcmp(out->why, c->why) : !!out->why)
			return "another reason";
		return NULL;
	}
	if (out->why)
		return "a reason with DONE";
	if (out->head_len != head_len)
		return "another head length";
	if (strcmp(out->method, c->method))
		return "another method";
	if (out->host_len != strlen(c->host) || strcmp(out->host, c->host))
		return "another host";
	if (out->port != c->port)
		return "another port";
	if (out->path_off > head_len || out->path_len > head_len - out->path_off)
		return "path outside the head";
	if (out->path_len != strlen(c->path) ||
	    memcmp(buf + out->path_off, c->path, out->path_len))
		return "another path";
	if (out->minor != c->minor)
		return "another version";
	return NULL;
}

/* ------------------------------------------------------------------ TLS */

/* openssl s_client -connect ... -servername example.com (OpenSSL 3.0). */
static const u8 baton_sniff_tls_openssl[] = {
	0x16, 0x03, 0x01, 0x01, 0x38, 0x01, 0x00, 0x01, 0x34, 0x03, 0x03, 0x49,
	0x25, 0xb8, 0x0b, 0x82, 0x5a, 0x36, 0x84, 0x0a, 0xc0, 0x6a, 0x2b, 0xcd,
	0xf8, 0x83, 0x33, 0x0b, 0x27, 0xb4, 0x30, 0xee, 0x8d, 0xd0, 0xd4, 0x65,
	0x85, 0x4c, 0x24, 0xa1, 0x28, 0xd7, 0xd0, 0x20, 0x81, 0x5f, 0xa6, 0xcf,
	0x8f, 0x05, 0x74, 0xe6, 0xfb, 0x9a, 0x86, 0x3b, 0x14, 0x48, 0x6e, 0x2e,
	0x84, 0xb4, 0xd0, 0x8c, 0xef, 0x01, 0x88, 0x01, 0xcd, 0xb2, 0xfa, 0x06,
	0x90, 0x0b, 0x77, 0x52, 0x00, 0x3e, 0x13, 0x02, 0x13, 0x03, 0x13, 0x01,
	0xc0, 0x2c, 0xc0, 0x30, 0x00, 0x9f, 0xcc, 0xa9, 0xcc, 0xa8, 0xcc, 0xaa,
	0xc0, 0x2b, 0xc0, 0x2f, 0x00, 0x9e, 0xc0, 0x24, 0xc0, 0x28, 0x00, 0x6b,
	0xc0, 0x23, 0xc0, 0x27, 0x00, 0x67, 0xc0, 0x0a, 0xc0, 0x14, 0x00, 0x39,
	0xc0, 0x09, 0xc0, 0x13, 0x00, 0x33, 0x00, 0x9d, 0x00, 0x9c, 0x00, 0x3d,
	0x00, 0x3c, 0x00, 0x35, 0x00, 0x2f, 0x00, 0xff, 0x01, 0x00, 0x00, 0xad,
	0x00, 0x00, 0x00, 0x10, 0x00, 0x0e, 0x00, 0x00, 0x0b, 0x65, 0x78, 0x61,
	0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x00, 0x0b, 0x00, 0x04,
	0x03, 0x00, 0x01, 0x02, 0x00, 0x0a, 0x00, 0x16, 0x00, 0x14, 0x00, 0x1d,
	0x00, 0x17, 0x00, 0x1e, 0x00, 0x19, 0x00, 0x18, 0x01, 0x00, 0x01, 0x01,
	0x01, 0x02, 0x01, 0x03, 0x01, 0x04, 0x00, 0x23, 0x00, 0x00, 0x00, 0x16,
	0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x2a, 0x00, 0x28,
	0x04, 0x03, 0x05, 0x03, 0x06, 0x03, 0x08, 0x07, 0x08, 0x08, 0x08, 0x09,
	0x08, 0x0a, 0x08, 0x0b, 0x08, 0x04, 0x08, 0x05, 0x08, 0x06, 0x04, 0x01,
	0x05, 0x01, 0x06, 0x01, 0x03, 0x03, 0x03, 0x01, 0x03, 0x02, 0x04, 0x02,
	0x05, 0x02, 0x06, 0x02, 0x00, 0x2b, 0x00, 0x09, 0x08, 0x03, 0x04, 0x03,
	0x03, 0x03, 0x02, 0x03, 0x01, 0x00, 0x2d, 0x00, 0x02, 0x01, 0x01, 0x00,
	0x33, 0x00, 0x26, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20, 0x46, 0x5f, 0x18,
	0xa9, 0xbd, 0x48, 0x28, 0x86, 0xc7, 0x9f, 0x9b, 0x4c, 0xb5, 0x85, 0x41,
	0x55, 0x41, 0x1a, 0xfe, 0xce, 0x57, 0x24, 0x5d, 0x7f, 0x79, 0x8e, 0xb9,
	0x14, 0x4c, 0x3e, 0x9b, 0x07,
};

/* curl https://www.example.org:44302/ (curl 7.88, OpenSSL 3.0). */
static const u8 baton_sniff_tls_curl[] = {
	0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x37,
	0x6d, 0xf0, 0x06, 0x3f, 0x75, 0x4e, 0x12, 0x85, 0x47, 0x30, 0x2e, 0xd7,
	0x37, 0xa1, 0xef, 0x59, 0x5e, 0x52, 0x6d, 0xa2, 0x0d, 0x24, 0xb4, 0xca,
	0xeb, 0xfd, 0x62, 0x69, 0xce, 0x26, 0x9b, 0x20, 0x73, 0xbd, 0xf5, 0x60,
	0xe5, 0xf1, 0x4e, 0xb7, 0x37, 0xfe, 0xe9, 0xcd, 0x4c, 0xdd, 0xf7, 0x48,
	0xc1, 0x00, 0xc7, 0x1c, 0xc8, 0xf5, 0x50, 0xfb, 0x41, 0x28, 0xad, 0x71,
	0xe0, 0x3e, 0x62, 0x3b, 0x00, 0x3e, 0x13, 0x02, 0x13, 0x03, 0x13, 0x01,
	0xc0, 0x2c, 0xc0, 0x30, 0x00, 0x9f, 0xcc, 0xa9, 0xcc, 0xa8, 0xcc, 0xaa,
	0xc0, 0x2b, 0xc0, 0x2f, 0x00, 0x9e, 0xc0, 0x24, 0xc0, 0x28, 0x00, 0x6b,
	0xc0, 0x23, 0xc0, 0x27, 0x00, 0x67, 0xc0, 0x0a, 0xc0, 0x14, 0x00, 0x39,
	0xc0, 0x09, 0xc0, 0x13, 0x00, 0x33, 0x00, 0x9d, 0x00, 0x9c, 0x00, 0x3d,
	0x00, 0x3c, 0x00, 0x35, 0x00, 0x2f, 0x00, 0xff, 0x01, 0x00, 0x01, 0x75,
	0x00, 0x00, 0x00, 0x14, 0x00, 0x12, 0x00, 0x00, 0x0f, 0x77, 0x77, 0x77,
	0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x6f, 0x72, 0x67,
	0x00, 0x0b, 0x00, 0x04, 0x03, 0x00, 0x01, 0x02, 0x00, 0x0a, 0x00, 0x16,
	0x00, 0x14, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x1e, 0x00, 0x19, 0x00, 0x18,
	0x01, 0x00, 0x01, 0x01, 0x01, 0x02, 0x01, 0x03, 0x01, 0x04, 0x00, 0x10,
	0x00, 0x0e, 0x00, 0x0c, 0x02, 0x68, 0x32, 0x08, 0x68, 0x74, 0x74, 0x70,
	0x2f, 0x31, 0x2e, 0x31, 0x00, 0x16, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00,
	0x00, 0x31, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x2a, 0x00, 0x28, 0x04, 0x03,
	0x05, 0x03, 0x06, 0x03, 0x08, 0x07, 0x08, 0x08, 0x08, 0x09, 0x08, 0x0a,
	0x08, 0x0b, 0x08, 0x04, 0x08, 0x05, 0x08, 0x06, 0x04, 0x01, 0x05, 0x01,
	0x06, 0x01, 0x03, 0x03, 0x03, 0x01, 0x03, 0x02, 0x04, 0x02, 0x05, 0x02,
	0x06, 0x02, 0x00, 0x2b, 0x00, 0x09, 0x08, 0x03, 0x04, 0x03, 0x03, 0x03,
	0x02, 0x03, 0x01, 0x00, 0x2d, 0x00, 0x02, 0x01, 0x01, 0x00, 0x33, 0x00,
	0x26, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20, 0xe2, 0x9d, 0x3b, 0xa2, 0x4e,
	0x44, 0x3f, 0x9b, 0xda, 0xf1, 0xb7, 0xe5, 0x00, 0x63, 0x00, 0x1a, 0x49,
	0xcb, 0xa1, 0x19, 0x28, 0x47, 0x7a, 0x1b, 0xa8, 0x27, 0xf5, 0x1a, 0x52,
	0x27, 0xcd, 0x5c, 0x00, 0x15, 0x00, 0xae, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00,
};

/* openssl s_client -connect ... -noservername -tls1_2 (OpenSSL 3.0). */
static const u8 baton_sniff_tls_nosni[] = {
	0x16, 0x03, 0x01, 0x00, 0xb7, 0x01, 0x00, 0x00, 0xb3, 0x03, 0x03, 0xb9,
	0xba, 0xc9, 0x1f, 0x30, 0x99, 0x73, 0x2e, 0x79, 0x7c, 0xa4, 0x87, 0x85,
	0xee, 0xd0, 0xbb, 0x31, 0xef, 0x9b, 0x88, 0x6f, 0x0d, 0x8a, 0x52, 0xa9,
	0x04, 0x26, 0x19, 0x40, 0xee, 0x8e, 0x77, 0x00, 0x00, 0x38, 0xc0, 0x2c,
	0xc0, 0x30, 0x00, 0x9f, 0xcc, 0xa9, 0xcc, 0xa8, 0xcc, 0xaa, 0xc0, 0x2b,
	0xc0, 0x2f, 0x00, 0x9e, 0xc0, 0x24, 0xc0, 0x28, 0x00, 0x6b, 0xc0, 0x23,
	0xc0, 0x27, 0x00, 0x67, 0xc0, 0x0a, 0xc0, 0x14, 0x00, 0x39, 0xc0, 0x09,
	0xc0, 0x13, 0x00, 0x33, 0x00, 0x9d, 0x00, 0x9c, 0x00, 0x3d, 0x00, 0x3c,
	0x00, 0x35, 0x00, 0x2f, 0x00, 0xff, 0x01, 0x00, 0x00, 0x52, 0x00, 0x0b,
	0x00, 0x04, 0x03, 0x00, 0x01, 0x02, 0x00, 0x0a, 0x00, 0x0c, 0x00, 0x0a,
	0x00, 0x1d, 0x00, 0x17, 0x00, 0x1e, 0x00, 0x19, 0x00, 0x18, 0x00, 0x23,
	0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x0d,
	0x00, 0x2a, 0x00, 0x28, 0x04, 0x03, 0x05, 0x03, 0x06, 0x03, 0x08, 0x07,
	0x08, 0x08, 0x08, 0x09, 0x08, 0x0a, 0x08, 0x0b, 0x08, 0x04, 0x08, 0x05,
	0x08, 0x06, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01, 0x03, 0x03, 0x03, 0x01,
	0x03, 0x02, 0x04, 0x02, 0x05, 0x02, 0x06, 0x02,
};

#define FIXTURE(f)	.fixture = f, .fixture_len = sizeof(f)
#define TLS_DONE(s, a)	.ret = BATON_SNIFF_DONE, .want_sni = s, .want_alpn = a
#define PATCH(f, v)	.patch = { BATON_SNIFF_TLS_F_##f, false, v }
#define SET(f, v)	.patch = { BATON_SNIFF_TLS_F_##f, true, v }

#define ALPN_H2_H11	"\x02h2\x08http/1.1"

const struct baton_sniff_tls_case baton_sniff_tls_cases[] = {
	{ .name = "openssl s_client -servername example.com",
	  FIXTURE(baton_sniff_tls_openssl), TLS_DONE("example.com", "") },
	{ .name = "curl, with ALPN and padding",
	  FIXTURE(baton_sniff_tls_curl), TLS_DONE("www.example.org", "h2") },
	{ .name = "openssl s_client -noservername -tls1_2",
	  FIXTURE(baton_sniff_tls_nosni), TLS_DONE("", "") },

	{ .name = "SNI and ALPN", .sni = "example.com", .alpn = ALPN_H2_H11,
	  TLS_DONE("example.com", "h2") },
	{ .name = "SNI in capitals", .sni = "WWW.Example.COM",
	  TLS_DONE("www.example.com", "") },
	{ .name = "SNI with a trailing dot", .sni = "example.com.",
	  TLS_DONE("example.com", "") },
	{ .name = "SNI of 253 characters", .sni = NAME253,
	  TLS_DONE(NAME253, "") },
	{ .name = "SNI of an IPv4 address", .sni = "192.0.2.1",
	  TLS_DONE("192.0.2.1", "") },
	{ .name = "no SNI", .alpn = "\x08http/1.1", TLS_DONE("", "http/1.1") },
	{ .name = "no extensions", .flags = BATON_SNIFF_TLS_TEST_NO_EXTS,
	  TLS_DONE("", "") },
	{ .name = "padded to 512 bytes", .sni = "example.com",
	  .alpn = ALPN_H2_H11, .flags = BATON_SNIFF_TLS_TEST_PAD,
	  TLS_DONE("example.com", "h2") },
	{ .name = "over two records", .sni = "example.com",
	  .alpn = ALPN_H2_H11, .split = 150,
	  TLS_DONE("example.com", "h2") },
	{ .name = "SNI split between records", .sni = "split.example.com",
	  .split = 100, TLS_DONE("split.example.com", "") },
	{ .name = "in records of one byte", .sni = "example.com",
	  .alpn = ALPN_H2_H11, .split = 1, TLS_DONE("example.com", "h2") },
	{ .name = "early data after it", .sni = "example.com",
	  .flags = BATON_SNIFF_TLS_TEST_EARLY_DATA,
	  TLS_DONE("example.com", "") },
	{ .name = "ClientHello of 16 KiB", .sni = "example.com",
	  .flags = BATON_SNIFF_TLS_TEST_HUGE, TLS_DONE("example.com", "") },
	{ .name = "record version 3.4", .sni = "example.com",
	  PATCH(REC_MINOR, 3), TLS_DONE("example.com", "") },
	{ .name = "ClientHello version 3.4", .sni = "example.com",
	  SET(VERSION, 0x0304), TLS_DONE("example.com", "") },
	{ .name = "a name of another type first", .sni = "example.com",
	  .flags = BATON_SNIFF_TLS_TEST_OTHER_NAME,
	  TLS_DONE("example.com", "") },
	{ .name = "only a name of another type", .sni = "example.com",
	  SET(SNI_TYPE, 1), TLS_DONE("", "") },

	{ .name = "application data record", .sni = "example.com",
	  PATCH(REC_TYPE, 1), REFUSE(NOT_THIS, "not a handshake record") },
	{ .name = "record version 4.1", .sni = "example.com",
	  PATCH(REC_MAJOR, 1), REFUSE(NOT_THIS, "bad record version") },

	{ .name = "record longer than its ClientHello", .sni = "example.com",
	  SET(REC_LEN, 16384), TLS_DONE("example.com", "") },
	{ .name = "handshake longer than its record", .sni = "example.com",
	  PATCH(HS_LEN, 1), NEED },

	{ .name = "record version 3.0", .sni = "example.com",
	  PATCH(REC_MINOR, -1),
	  REFUSE(INVALID, "unsupported record version") },
	{ .name = "record version 3.5", .sni = "example.com",
	  PATCH(REC_MINOR, 4),
	  REFUSE(INVALID, "unsupported record version") },
	{ .name = "empty record", .sni = "example.com", .split = 100,
	  SET(REC2_LEN, 0), REFUSE(INVALID, "empty record") },
	{ .name = "record over 2^14 bytes", .sni = "example.com",
	  SET(REC_LEN, 16385), REFUSE(INVALID, "record too long") },
	{ .name = "ChangeCipherSpec in between", .sni = "example.com",
	  .split = 100, SET(REC2_TYPE, 20),
	  REFUSE(INVALID, "not a handshake record") },
	{ .name = "ServerHello", .sni = "example.com", SET(HS_TYPE, 2),
	  REFUSE(INVALID, "not a ClientHello") },
	{ .name = "ClientHello over 16 KiB", .sni = "example.com",
	  .flags = BATON_SNIFF_TLS_TEST_HUGE, PATCH(HS_LEN, 1),
	  REFUSE(INVALID, "ClientHello too long") },
	{ .name = "ClientHello shorter than its handshake",
	  .sni = "example.com", PATCH(HS_LEN, -1),
	  REFUSE(INVALID, "bad extensions length") },
	{ .name = "ClientHello version 3.0", .sni = "example.com",
	  SET(VERSION, 0x0300),
	  REFUSE(INVALID, "unsupported ClientHello version") },
	{ .name = "ClientHello version 2.0", .sni = "example.com",
	  SET(VERSION, 0x0200),
	  REFUSE(INVALID, "unsupported ClientHello version") },
	{ .name = "session ID of 33 bytes", .sni = "example.com",
	  SET(SID_LEN, 33), REFUSE(INVALID, "session ID too long") },
	{ .name = "odd cipher suites length", .sni = "example.com",
	  PATCH(CS_LEN, 1), REFUSE(INVALID, "bad cipher suites length") },
	{ .name = "no cipher suites", .sni = "example.com", SET(CS_LEN, 0),
	  REFUSE(INVALID, "bad cipher suites length") },
	{ .name = "cipher suites past the end", .sni = "example.com",
	  SET(CS_LEN, 0xfffe), REFUSE(INVALID, "truncated ClientHello") },
	{ .name = "no compression methods", .sni = "example.com",
	  SET(COMP_LEN, 0), REFUSE(INVALID, "no compression methods") },
	{ .name = "extensions longer than the ClientHello",
	  .sni = "example.com", PATCH(EXTS_LEN, 1),
	  REFUSE(INVALID, "bad extensions length") },
	{ .name = "extensions shorter than the ClientHello",
	  .sni = "example.com", PATCH(EXTS_LEN, -1),
	  REFUSE(INVALID, "bad extensions length") },
	{ .name = "last extension past the end", .sni = "example.com",
	  PATCH(KEY_SHARE_LEN, 1), REFUSE(INVALID, "truncated extension") },
	{ .name = "server_name longer than its list", .sni = "example.com",
	  PATCH(SNI_EXT_LEN, 1),
	  REFUSE(INVALID, "bad server_name list length") },
	{ .name = "server_name list too long", .sni = "example.com",
	  PATCH(SNI_LIST_LEN, 1),
	  REFUSE(INVALID, "bad server_name list length") },
	{ .name = "empty server_name list", .sni = "example.com",
	  SET(SNI_LIST_LEN, 0),
	  REFUSE(INVALID, "bad server_name list length") },
	{ .name = "empty server_name", .sni = "example.com",
	  SET(SNI_EXT_LEN, 0), REFUSE(INVALID, "truncated server_name") },
	{ .name = "host name past its list", .sni = "example.com",
	  PATCH(SNI_NAME_LEN, 1), REFUSE(INVALID, "truncated server_name") },
	{ .name = "empty host name", .sni = "",
	  REFUSE(INVALID, "empty host name") },
	{ .name = "two server_name", .sni = "example.com",
	  .flags = BATON_SNIFF_TLS_TEST_DUP_SNI,
	  REFUSE(INVALID, "duplicate server_name") },
	{ .name = "two host names", .sni = "example.com",
	  .flags = BATON_SNIFF_TLS_TEST_TWO_NAMES,
	  REFUSE(INVALID, "two host names in server_name") },
	{ .name = "space in SNI", .sni = "exa mple.com",
	  REFUSE(INVALID, "bad character in host name") },
	{ .name = "control character in SNI", .sni = "example.com\x01",
	  REFUSE(INVALID, "bad character in host name") },
	{ .name = "empty label in SNI", .sni = "example..com",
	  REFUSE(INVALID, "empty label in host name") },
	{ .name = "label of 64 characters in SNI", .sni = LABEL63 "x.example",
	  REFUSE(INVALID, "label too long in host name") },
	{ .name = "SNI of 254 characters", .sni = NAME253 "b",
	  REFUSE(INVALID, "host name too long") },
	{ .name = "SNI of 255 characters", .sni = "a." NAME253,
	  REFUSE(INVALID, "server name too long") },
	{ .name = "ALPN list too long", .sni = "example.com",
	  .alpn = ALPN_H2_H11, PATCH(ALPN_LIST_LEN, 1),
	  REFUSE(INVALID, "bad ALPN list length") },
	{ .name = "empty ALPN list", .sni = "example.com",
	  .alpn = ALPN_H2_H11, SET(ALPN_EXT_LEN, 0),
	  REFUSE(INVALID, "truncated ALPN") },
	{ .name = "empty ALPN protocol", .sni = "example.com",
	  .alpn = ALPN_H2_H11, SET(ALPN_PROTO_LEN, 0),
	  REFUSE(INVALID, "empty ALPN protocol") },
	{ .name = "ALPN protocol past its list", .sni = "example.com",
	  .alpn = "\x02h2", PATCH(ALPN_PROTO_LEN, 1),
	  REFUSE(INVALID, "truncated ALPN") },
	{ .name = "two ALPN", .sni = "example.com", .alpn = ALPN_H2_H11,
	  .flags = BATON_SNIFF_TLS_TEST_DUP_ALPN,
	  REFUSE(INVALID, "duplicate ALPN") },
};

const unsigned int baton_sniff_tls_nr_cases = ARRAY_SIZE(baton_sniff_tls_cases);

/**
 * struct baton_sniff_tls_w - the test writer of a ClientHello
 * @buf: where the handshake message goes (after a record header)
 * @room: bytes at @buf
 * @len: bytes written so far
 * @at: offset in the message of each field, 0 if it is not written
 * @size: size of each field, 1 to 3 bytes
 */
struct baton_sniff_tls_w {
	u8 *buf;
	size_t room;
	size_t len;
	size_t at[BATON_SNIFF_TLS_NR_FIELDS];
	u8 size[BATON_SNIFF_TLS_NR_FIELDS];
};

/* Write @n bytes, @p or zeros if NULL; past @room only count them. */
static void tls_put(struct baton_sniff_tls_w *w, const void *p, size_t n)
{
	if (w->len <= w->room && n <= w->room - w->len) {
		if (p)
			memcpy(w->buf + w->len, p, n);
		else
			memset(w->buf + w->len, 0, n);
	}
	w->len += n;
}

/* Write @v in @size bytes, big-endian; mark it as field @f if not 0. */
static void tls_num(struct baton_sniff_tls_w *w, u8 f, u32 v, u8 size)
{
	u8 b[3];
	int i;

	for (i = size - 1; i >= 0; i--, v >>= 8)
		b[i] = v;
	if (f) {
		w->at[f] = w->len;
		w->size[f] = size;
	}
	tls_put(w, b, size);
}

/* Start a field of the length of what follows; tls_end() sets it. */
static size_t tls_begin(struct baton_sniff_tls_w *w, u8 f, u8 size)
{
	tls_num(w, f, 0, size);
	return w->len;
}

static void tls_end(struct baton_sniff_tls_w *w, size_t start, u8 size)
{
	u32 v = w->len - start;
	int i;

	if (w->len > w->room)
		return;
	for (i = size; i > 0; i--, v >>= 8)
		w->buf[start - size + i - 1] = v;
}

static void tls_ext(struct baton_sniff_tls_w *w, u16 type, const u8 *v,
		    size_t n)
{
	tls_num(w, 0, type, 2);
	tls_num(w, 0, n, 2);
	tls_put(w, v, n);
}

/* A server_name extension; @mark its fields for the case's patch. */
static void tls_sni(struct baton_sniff_tls_w *w, const char *name,
		    u16 flags, bool mark)
{
	size_t ext, list;

	tls_num(w, 0, 0, 2);
	ext = tls_begin(w, mark ? BATON_SNIFF_TLS_F_SNI_EXT_LEN : 0, 2);
	list = tls_begin(w, mark ? BATON_SNIFF_TLS_F_SNI_LIST_LEN : 0, 2);
	if (flags & BATON_SNIFF_TLS_TEST_OTHER_NAME) {
		tls_num(w, 0, 1, 1);
		tls_num(w, 0, 3, 2);
		tls_put(w, "abc", 3);
	}
	tls_num(w, mark ? BATON_SNIFF_TLS_F_SNI_TYPE : 0, 0, 1);
	tls_num(w, mark ? BATON_SNIFF_TLS_F_SNI_NAME_LEN : 0, strlen(name), 2);
	tls_put(w, name, strlen(name));
	if (flags & BATON_SNIFF_TLS_TEST_TWO_NAMES) {
		tls_num(w, 0, 0, 1);
		tls_num(w, 0, 13, 2);
		tls_put(w, "other.example", 13);
	}
	tls_end(w, list, 2);
	tls_end(w, ext, 2);
}

/* An ALPN extension of the wire-format @list; @mark as for tls_sni(). */
static void tls_alpn(struct baton_sniff_tls_w *w, const char *list, bool mark)
{
	size_t ext, l;

	tls_num(w, 0, 16, 2);
	ext = tls_begin(w, mark ? BATON_SNIFF_TLS_F_ALPN_EXT_LEN : 0, 2);
	l = tls_begin(w, mark ? BATON_SNIFF_TLS_F_ALPN_LIST_LEN : 0, 2);
	if (mark) {
		w->at[BATON_SNIFF_TLS_F_ALPN_PROTO_LEN] = w->len;
		w->size[BATON_SNIFF_TLS_F_ALPN_PROTO_LEN] = 1;
	}
	tls_put(w, list, strlen(list));
	tls_end(w, l, 2);
	tls_end(w, ext, 2);
}

/* The handshake message of a case, as OpenSSL 3.0 writes it. */
static void tls_hello(struct baton_sniff_tls_w *w,
		      const struct baton_sniff_tls_case *c)
{
	static const u8 suites[] = { 0x13, 0x02, 0x13, 0x03, 0x13, 0x01,
				     0x00, 0xff };
	static const u8 groups[] = { 0x00, 0x04, 0x00, 0x1d, 0x00, 0x17 };
	static const u8 sigalgs[] = { 0x00, 0x06, 0x04, 0x03, 0x08, 0x04,
				      0x04, 0x01 };
	static const u8 versions[] = { 0x04, 0x03, 0x04, 0x03, 0x03 };
	static const u8 points[] = { 0x03, 0x00, 0x01, 0x02 };
	static const u8 psk_modes[] = { 0x01, 0x01 };
	size_t hs, exts, ks, i, target;
	u8 random[32];

	for (i = 0; i < sizeof(random); i++)
		random[i] = i * 7 + 1;
	tls_num(w, BATON_SNIFF_TLS_F_HS_TYPE, 1, 1);
	hs = tls_begin(w, BATON_SNIFF_TLS_F_HS_LEN, 3);
	tls_num(w, BATON_SNIFF_TLS_F_VERSION, 0x0303, 2);
	tls_put(w, random, sizeof(random));
	tls_num(w, BATON_SNIFF_TLS_F_SID_LEN, 32, 1);
	tls_put(w, random, sizeof(random));
	tls_num(w, BATON_SNIFF_TLS_F_CS_LEN, sizeof(suites), 2);
	tls_put(w, suites, sizeof(suites));
	tls_num(w, BATON_SNIFF_TLS_F_COMP_LEN, 1, 1);
	tls_num(w, 0, 0, 1);
	if (c->flags & BATON_SNIFF_TLS_TEST_NO_EXTS) {
		tls_end(w, hs, 3);
		return;
	}

	exts = tls_begin(w, BATON_SNIFF_TLS_F_EXTS_LEN, 2);
	if (c->sni)
		tls_sni(w, c->sni, c->flags, true);
	if (c->flags & BATON_SNIFF_TLS_TEST_DUP_SNI)
		tls_sni(w, "dup.example", 0, false);
	tls_ext(w, 11, points, sizeof(points));
	tls_ext(w, 10, groups, sizeof(groups));
	tls_ext(w, 35, NULL, 0);
	if (c->alpn)
		tls_alpn(w, c->alpn, true);
	if (c->flags & BATON_SNIFF_TLS_TEST_DUP_ALPN)
		tls_alpn(w, "\x02h2", false);
	tls_ext(w, 22, NULL, 0);
	tls_ext(w, 23, NULL, 0);
	tls_ext(w, 13, sigalgs, sizeof(sigalgs));
	tls_ext(w, 43, versions, sizeof(versions));
	tls_ext(w, 45, psk_modes, sizeof(psk_modes));
	/* key_share: one X25519 share. */
	tls_num(w, 0, 51, 2);
	ks = tls_begin(w, BATON_SNIFF_TLS_F_KEY_SHARE_LEN, 2);
	tls_num(w, 0, 36, 2);
	tls_num(w, 0, 29, 2);
	tls_num(w, 0, 32, 2);
	tls_put(w, random, sizeof(random));
	tls_end(w, ks, 2);

	target = 0;
	if (c->flags & BATON_SNIFF_TLS_TEST_PAD)
		target = 512;
	if (c->flags & BATON_SNIFF_TLS_TEST_HUGE)
		target = BATON_SNIFF_TLS_HELLO_MAX;
	if (target && w->len + 4 <= target) {
		tls_num(w, 0, 21, 2);
		tls_num(w, 0, target - w->len - 2, 2);
		tls_put(w, NULL, target - w->len);
	}
	tls_end(w, exts, 2);
	tls_end(w, hs, 3);
}

/* Add to, or set, the @size-byte big-endian number at @p. */
static void tls_patch(u8 *p, u8 size, bool set, s32 value)
{
	u32 v = 0;
	int i;

	for (i = 0; i < size; i++)
		v = v << 8 | p[i];
	v = set ? (u32)value : v + value;
	for (i = size - 1; i >= 0; i--, v >>= 8)
		p[i] = v;
}

/**
 * baton_sniff_tls_case_build() - write the ClientHello of a case
 * @c: the case
 * @buf: where to write it
 * @room: bytes at @buf, BATON_SNIFF_TLS_TEST_ROOM
 *
 * Return: the length of the records written, or 0 if @room is too short.
 */
size_t baton_sniff_tls_case_build(const struct baton_sniff_tls_case *c,
				  u8 *buf, size_t room)
{
	struct baton_sniff_tls_w w = { .buf = buf + 5, .room = room - 5 };
	size_t chunk, nr, i, n, len;
	u8 f = c->patch.field;

	if (c->fixture) {
		if (c->fixture_len > room)
			return 0;
		memcpy(buf, c->fixture, c->fixture_len);
		return c->fixture_len;
	}
	tls_hello(&w, c);
	if (w.len > w.room)
		return 0;
	if (f >= BATON_SNIFF_TLS_F_HS_TYPE && w.size[f])
		tls_patch(w.buf + w.at[f], w.size[f], c->patch.set,
			  c->patch.value);

	/* Cut the message into records, moving the last one first. */
	chunk = c->split ? c->split : w.len;
	nr = (w.len + chunk - 1) / chunk;
	len = w.len + 5 * nr;
	if (len > room)
		return 0;
	for (i = nr; i-- > 0;) {
		n = i == nr - 1 ? w.len - i * chunk : chunk;
		memmove(buf + i * (chunk + 5) + 5, w.buf + i * chunk, n);
		buf[i * (chunk + 5)] = 22;
		buf[i * (chunk + 5) + 1] = 3;
		buf[i * (chunk + 5) + 2] = 1;
		put_unaligned_be16(n, buf + i * (chunk + 5) + 3);
	}

	switch (f) {
	case BATON_SNIFF_TLS_F_REC_TYPE:
		tls_patch(buf, 1, c->patch.set, c->patch.value);
		break;
	case BATON_SNIFF_TLS_F_REC_MAJOR:
		tls_patch(buf + 1, 1, c->patch.set, c->patch.value);
		break;
	case BATON_SNIFF_TLS_F_REC_MINOR:
		tls_patch(buf + 2, 1, c->patch.set, c->patch.value);
		break;
	case BATON_SNIFF_TLS_F_REC_LEN:
		tls_patch(buf + 3, 2, c->patch.set, c->patch.value);
		break;
	case BATON_SNIFF_TLS_F_REC2_TYPE:
		tls_patch(buf + chunk + 5, 1, c->patch.set, c->patch.value);
		break;
	case BATON_SNIFF_TLS_F_REC2_LEN:
		tls_patch(buf + chunk + 8, 2, c->patch.set, c->patch.value);
		break;
	}

	if (c->flags & BATON_SNIFF_TLS_TEST_EARLY_DATA) {
		if (len + 10 > room)
			return 0;
		memcpy(buf + len, "\x17\x03\x03\x00\x05hello", 10);
		len += 10;
	}
	return len;
}

/* Whether @ret and @out are what case @c says. */
static const char *
baton_sniff_tls_case_check(const struct baton_sniff_tls_case *c, int ret,
			   const struct baton_sniff_tls *out)
{
	if (ret != c->ret)
		return "another result";
	if (ret != BATON_SNIFF_DONE) {
		if (c->why ? !out->why || strcmp(out->why, c->why) : !!out->why)
			return "another reason";
		return NULL;
	}
	if (out->why)
		return "a reason with DONE";
	if (out->sni_len != strlen(c->want_sni) ||
	    strcmp(out->sni, c->want_sni))
		return "another server name";
	if (out->alpn_len != strlen(c->want_alpn) ||
	    strcmp(out->alpn, c->want_alpn))
		return "another ALPN protocol";
	if (!out->records || !out->hello_end)
		return "no records";
	return NULL;
}

/* ------------------------------------------------------------ prefixes */

/* Cut points to try in @len bytes: all of them, or some of a long input. */
static size_t baton_sniff_next_cut(size_t cut, size_t len)
{
	if (len <= 2048 || cut < 64 || cut + 64 >= len)
		return cut + 1;
	return cut + 61 < len - 64 ? cut + 61 : len - 64;
}

/**
 * struct baton_sniff_test_answer - what a sniffer answered, either one
 * @ret: its result
 * @why: its reason
 * @end: with DONE, where the head or ClientHello ends
 */
struct baton_sniff_test_answer {
	int ret;
	const char *why;
	size_t end;
};

/* Sniff @len bytes at @buf into @out, the sniffer's output, and @a. */
typedef void (*baton_sniff_test_fn)(const u8 *buf, size_t len, size_t arg,
				    void *out,
				    struct baton_sniff_test_answer *a);

static void baton_sniff_test_http(const u8 *buf, size_t len, size_t head_max,
				  void *out, struct baton_sniff_test_answer *a)
{
	struct baton_sniff_http *http = out;

	a->ret = baton_sniff_http(buf, len, head_max, http);
	a->why = http->why;
	a->end = http->head_len;
}

static void baton_sniff_test_tls(const u8 *buf, size_t len, size_t arg,
				 void *out, struct baton_sniff_test_answer *a)
{
	struct baton_sniff_tls *tls = out;

	(void)arg;	/* no limit to set */
	a->ret = baton_sniff_tls(buf, len, tls);
	a->why = tls->why;
	a->end = tls->hello_end;
}

/* The walk of baton_sniff_*_prefixes(), whose @out holds two of @size. */
static const char *baton_sniff_prefixes(baton_sniff_test_fn fn, size_t arg,
					size_t size, const u8 *buf,
					size_t len, u8 *room, void *out,
					size_t *where)
{
	struct baton_sniff_test_answer all, part;
	u8 *out_all = out, *out_part = out_all + size;
	bool decided = false;
	size_t cut;

	fn(buf, len, arg, out_all, &all);
	for (cut = 0; cut <= len; cut = baton_sniff_next_cut(cut, len)) {
		*where = cut;
		memcpy(room + len - cut, buf, cut);
		fn(room + len - cut, cut, arg, out_part, &part);
		if (part.ret == BATON_SNIFF_NEED_MORE) {
			if (decided)
				return "NEED_MORE after a decision";
			if (part.why)
				return "a reason with NEED_MORE";
			continue;
		}
		if (!decided && part.ret == BATON_SNIFF_DONE && len <= 2048 &&
		    cut != all.end)
			return "DONE before or after the end";
		decided = true;
		if (part.ret != all.ret)
			return "another result than on the whole";
		if (part.why != all.why)
			return "another reason than on the whole";
		if (part.ret == BATON_SNIFF_DONE &&
		    memcmp(out_part, out_all, size))
			return "another output than on the whole";
	}
	return NULL;
}

/**
 * baton_sniff_http_prefixes() - sniff every prefix of a request
 * @buf: the request
 * @len: its length
 * @head_max: the head limit
 * @room: @len bytes to copy each prefix into, at their end, so that a
 *	read past the prefix is a read past @room
 * @out: room for two answers (kept off the stack of the kernel)
 * @where: set to the prefix length at fault
 *
 * Each prefix is NEED_MORE, up to some length from which each gives what
 * all of @buf gives, reason and request included; for a complete head,
 * that length is the head's.  A long request has only some of its
 * prefixes tried.
 *
 * Return: NULL, or what went wrong.
 */
const char *baton_sniff_http_prefixes(const u8 *buf, size_t len,
				      size_t head_max, u8 *room,
				      struct baton_sniff_http *out,
				      size_t *where)
{
	return baton_sniff_prefixes(baton_sniff_test_http, head_max,
				    sizeof(*out), buf, len, room, out, where);
}

/**
 * baton_sniff_tls_prefixes() - sniff every prefix of a ClientHello
 * @buf: the records
 * @len: their length
 * @room: @len bytes to copy each prefix into, at their end
 * @out: room for two answers
 * @where: set to the prefix length at fault
 *
 * As baton_sniff_http_prefixes().
 *
 * Return: NULL, or what went wrong.
 */
const char *baton_sniff_tls_prefixes(const u8 *buf, size_t len, u8 *room,
				     struct baton_sniff_tls *out,
				     size_t *where)
{
	return baton_sniff_prefixes(baton_sniff_test_tls, 0, sizeof(*out),
				    buf, len, room, out, where);
}

/* ------------------------------------------------------ host name match */

const struct baton_sniff_match_case baton_sniff_match_cases[] = {
	{ "example.com", "example.com", true },
	{ "Example.COM", "example.com", true },
	{ "example.com", "EXAMPLE.com", true },
	{ "example.com", "www.example.com", false },
	{ "example.com", "example.co", false },
	{ "example.co", "example.com", false },
	{ "*.example.com", "www.example.com", true },
	{ "*.EXAMPLE.com", "WWW.example.COM", true },
	{ "*.example.com", "a-b_c.example.com", true },
	{ "*.example.com", "example.com", false },
	{ "*.example.com", ".example.com", false },
	{ "*.example.com", "a.b.example.com", false },
	{ "*.example.com", "www.example.org", false },
	{ "*.example.com", "wwwexample.com", false },
	{ "*.com", "example.com", true },
	{ "*", "example.com", false },
	{ "w*.example.com", "www.example.com", false },
	{ "www.*.com", "www.example.com", false },
	{ "[2001:db8::1]", "[2001:DB8::1]", true },
	{ "", "", false },
	{ "", "example.com", false },
	{ "example.com", "", false },
	{ "*.example.com", "", false },
};

const unsigned int baton_sniff_match_nr_cases = ARRAY_SIZE(baton_sniff_match_cases);

/* ---------------------------------------------------------- invariants */

static bool baton_sniff_test_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

/* @ret is a result, with a reason exactly when it refuses. */
static const char *baton_sniff_test_result(int ret, const char *why)
{
	if (ret < BATON_SNIFF_NEED_MORE || ret > BATON_SNIFF_INVALID)
		return "no such result";
	if (ret == BATON_SNIFF_NOT_THIS || ret == BATON_SNIFF_INVALID)
		return why && *why ? NULL : "refused without a reason";
	return why ? "a reason without a refusal" : NULL;
}

/**
 * baton_sniff_http_sane() - whether what baton_sniff_http() says holds
 * @buf: the bytes it sniffed
 * @len: how many
 * @head_max: the head limit it was given
 * @ret: what it returned
 * @out: what it set
 *
 * Return: NULL, or what does not hold.
 */
const char *baton_sniff_http_sane(const u8 *buf, size_t len, size_t head_max,
				  int ret, const struct baton_sniff_http *out)
{
	const char *why = baton_sniff_test_result(ret, out->why);
	size_t i;

	if (why || ret != BATON_SNIFF_DONE)
		return why;
	if (!head_max)
		head_max = BATON_SNIFF_HTTP_HEAD_DEFAULT;
	if (out->head_len > len || out->head_len > head_max ||
	    out->head_len < 2 || buf[out->head_len - 1] != '\n')
		return "bad head length";
	if (out->path_off > out->head_len ||
	    out->path_len > out->head_len - out->path_off)
		return "path outside the head";
	if (!out->method[0] || out->method[BATON_SNIFF_HTTP_METHOD_MAX])
		return "bad method";
	for (i = 0; out->method[i]; i++)
		if (!(out->method[i] >= 'A' && out->method[i] <= 'Z') &&
		    out->method[i] != '-' && out->method[i] != '_')
			return "bad method";
	if (out->host_len > BATON_SNIFF_HOST_MAX || out->host[out->host_len])
		return "bad host length";
	if (out->host[0] == '[') {
		if (out->host_len < 4 || out->host[out->host_len - 1] != ']')
			return "bad IPv6 literal";
		return NULL;
	}
	for (i = 0; i < out->host_len; i++)
		if (!baton_sniff_test_name_char(out->host[i]))
			return "bad host";
	if (out->host_len && (out->host[0] == '.' ||
			      out->host[out->host_len - 1] == '.'))
		return "bad host";
	if (!out->host_len && out->port)
		return "port without a host";
	return NULL;
}

/**
 * baton_sniff_tls_sane() - whether what baton_sniff_tls() says holds
 * @len: how many bytes it sniffed
 * @ret: what it returned
 * @out: what it set
 *
 * Return: NULL, or what does not hold.
 */
const char *baton_sniff_tls_sane(size_t len, int ret,
				 const struct baton_sniff_tls *out)
{
	const char *why = baton_sniff_test_result(ret, out->why);
	size_t i;

	if (why || ret != BATON_SNIFF_DONE)
		return why;
	if (!out->records || out->hello_end > len ||
	    out->hello_end < 5 + 4 + 2 + 32 + 1 + 2 + 1 + 1 ||
	    out->hello_end > out->records * 5 + BATON_SNIFF_TLS_HELLO_MAX)
		return "bad ClientHello length";
	if (out->sni[out->sni_len] || out->sni[BATON_SNIFF_HOST_MAX])
		return "bad server name length";
	for (i = 0; i < out->sni_len; i++)
		if (!baton_sniff_test_name_char(out->sni[i]))
			return "bad server name";
	if (out->alpn[BATON_SNIFF_ALPN_MAX])
		return "bad ALPN protocol";
	if ((out->version >> 8) != 3 || !(out->version & 0xff))
		return "bad version";
	return NULL;
}

/**
 * baton_sniff_http_case_run() - sniff the request of a case
 * @c: the case
 * @buf: its request, from baton_sniff_http_case_build()
 * @len: the request's length
 * @out: set to what baton_sniff_http() says
 * @ret: set to what it returns
 *
 * Return: NULL, or how that differs from what @c says, or does not hold.
 */
const char *baton_sniff_http_case_run(const struct baton_sniff_http_case *c,
				      const u8 *buf, size_t len,
				      struct baton_sniff_http *out, int *ret)
{
	const char *what;

	*ret = baton_sniff_http(buf, len, c->head_max, out);
	what = baton_sniff_http_case_check(c, buf, len, *ret, out);
	if (!what)
		what = baton_sniff_http_sane(buf, len, c->head_max, *ret, out);
	return what;
}

/**
 * baton_sniff_tls_case_run() - sniff the ClientHello of a case
 * @c: the case
 * @buf: its records, from baton_sniff_tls_case_build()
 * @len: their length
 * @out: set to what baton_sniff_tls() says
 * @ret: set to what it returns
 *
 * Return: NULL, or how that differs from what @c says, or does not hold.
 */
const char *baton_sniff_tls_case_run(const struct baton_sniff_tls_case *c,
				     const u8 *buf, size_t len,
				     struct baton_sniff_tls *out, int *ret)
{
	const char *what;

	*ret = baton_sniff_tls(buf, len, out);
	what = baton_sniff_tls_case_check(c, *ret, out);
	if (!what)
		what = baton_sniff_tls_sane(len, *ret, out);
	return what;
}

/**
 * baton_sniff_test_rand() - the next of a sequence of pseudo-random numbers
 * @state: the state of the sequence (xorshift32), not 0
 *
 * Return: the next number; the same sequence on every run.
 */
u32 baton_sniff_test_rand(u32 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}
