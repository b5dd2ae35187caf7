#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# An ordinary HTTP/1.1 server for the handoff tests, nothing baton-aware
# in it: GET serves the files of a directory, POST answers with the
# SHA-256 and length of the body it read.  Keep-alive and pipelining
# work as in any HTTP/1.1 server.  GET /reset aborts the connection with
# a RST, as a server that gives up on a client does.
#
#   httpd.py DIR PORT [ADDRESS]      ADDRESS defaults to :: (IPv4 too)

import hashlib
import http.server
import os
import socket
import struct
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path != "/reset":
            return super().do_GET()
        # Linger 0: closing sends a RST, and nothing else.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.close_connection = True
        os.close(self.connection.detach())
        return None

    def do_POST(self):
        left = int(self.headers.get("Content-Length", "0"))
        digest = hashlib.sha256()
        while left > 0:
            chunk = self.rfile.read(min(left, 65536))
            if not chunk:
                break
            digest.update(chunk)
            left -= len(chunk)
        body = ("%s %d\n" % (digest.hexdigest(),
                             int(self.headers.get("Content-Length", "0")) - left)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6
    daemon_threads = True
    request_queue_size = 256

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def main():
    directory, port = sys.argv[1], int(sys.argv[2])
    addr = sys.argv[3] if len(sys.argv) > 3 else "::"

    def handler(*args, **kwargs):
        return Handler(*args, directory=directory, **kwargs)

    Server((addr, port), handler).serve_forever()


if __name__ == "__main__":
    main()
