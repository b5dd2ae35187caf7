#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# HTTP/1.1 client load for the handoff tests, checking every byte:
#
#   hload.py HOST PORT seq N PATH SHA256      N connections, one by one
#   hload.py HOST PORT conc N PATH SHA256     N connections at once
#   hload.py HOST PORT pipeline K PATH SHA256 K requests sent at once on
#                                             one connection
#   hload.py HOST PORT pool N PATH SHA256     N connections, 20 at a time
#   hload.py HOST PORT late K PATH SHA256     K requests on one connection,
#                                             0.3 s apart: all but the
#                                             first cross the tunnel
#
# Each response must be a 200 whose body has the given SHA-256.  Prints
# "ok N" or the first failures, and exits 1 if any request failed.

import hashlib
import socket
import sys
import threading
import time


def read_response(f):
    status = f.readline()
    if not status.startswith(b"HTTP/1.1 200"):
        raise IOError("bad status %r" % status[:40])
    length = None
    while True:
        line = f.readline()
        if not line:
            raise IOError("connection closed in the head")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length is None:
        raise IOError("no Content-Length")
    body = f.read(length)
    if len(body) != length:
        raise IOError("short body: %d of %d" % (len(body), length))
    return body


def one(host, port, path, want, k=1, gap=0.0):
    s = socket.create_connection((host, port), timeout=60)
    try:
        req = ("GET %s HTTP/1.1\r\nHost: test\r\n\r\n" % path).encode()
        if gap:
            for i in range(k):
                if i:
                    time.sleep(gap)
                s.sendall(req)
        else:
            s.sendall(req * k)
        f = s.makefile("rb")
        for _ in range(k):
            got = hashlib.sha256(read_response(f)).hexdigest()
            if got != want:
                raise IOError("body differs")
    finally:
        s.close()


def main():
    host, port, mode, n, path, want = sys.argv[1:7]
    port, n = int(port), int(n)
    errors = []

    def run():
        try:
            one(host, port, path, want)
        except Exception as e:  # noqa: BLE001 - every failure counts
            errors.append(str(e))

    if mode == "seq":
        for _ in range(n):
            run()
    elif mode == "conc":
        threads = [threading.Thread(target=run) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    elif mode == "pool":
        left = [n]
        lock = threading.Lock()

        def worker():
            while True:
                with lock:
                    if not left[0]:
                        return
                    left[0] -= 1
                run()

        threads = [threading.Thread(target=worker) for _ in range(min(n, 20))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    elif mode in ("pipeline", "late"):
        try:
            one(host, port, path, want, n, 0.3 if mode == "late" else 0.0)
        except Exception as e:  # noqa: BLE001
            errors.append(str(e))
        n = 1
    else:
        sys.exit("unknown mode " + mode)

    if errors:
        print("%d of %d failed: %s" % (len(errors), n, "; ".join(errors[:5])))
        sys.exit(1)
    print("ok %d" % n)


if __name__ == "__main__":
    main()
