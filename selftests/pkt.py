#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made TCP packets through a raw socket (IP_HDRINCL), for the
bad-input tests of the selftests.

    pkt.py SRC DST SPORT DPORT KIND [COUNT]

KIND is one of:
  syn      a valid SYN, checksums right
  data     a valid ACK with 100 bytes of payload
  short    an IP header and only 10 bytes of TCP header
  doff     a 20-byte TCP header claiming 60 bytes (doff 15)
  doff4    a TCP header with doff 4 (16 bytes), below the minimum
  garbage  random bytes after the IP header, random length
  badsum   a valid SYN with a wrong TCP checksum
SRC and DST are both IPv4 or both IPv6.  The kernel fills in the IPv4
total length and header checksum; the IPv6 payload length is set here.
"""
import ipaddress
import os
import random
import socket
import struct
import sys

IPPROTO_TCP = 6


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def tcp_segment(src, dst, sport, dport, flags, payload, doff=5):
    hdr = struct.pack("!HHIIBBHHH", sport, dport, 1000, 0, doff << 4,
                      flags, 65535, 0, 0)
    seg = hdr + payload
    if src.version == 4:
        pseudo = src.packed + dst.packed + struct.pack("!BBH", 0, IPPROTO_TCP,
                                                       len(seg))
    else:
        pseudo = src.packed + dst.packed + struct.pack("!IxxxB", len(seg),
                                                       IPPROTO_TCP)
    c = csum(pseudo + seg)
    return seg[:16] + struct.pack("!H", c) + seg[18:]


def body(kind, src, dst, sport, dport):
    if kind == "syn":
        return tcp_segment(src, dst, sport, dport, 0x02, b"")
    if kind == "data":
        return tcp_segment(src, dst, sport, dport, 0x10, os.urandom(100))
    if kind == "short":
        return tcp_segment(src, dst, sport, dport, 0x10, b"")[:10]
    if kind == "doff":
        return tcp_segment(src, dst, sport, dport, 0x10, b"", doff=15)
    if kind == "doff4":
        return tcp_segment(src, dst, sport, dport, 0x10, b"", doff=4)[:16]
    if kind == "garbage":
        return os.urandom(random.randint(1, 80))
    if kind == "badsum":
        seg = tcp_segment(src, dst, sport, dport, 0x02, b"")
        return seg[:16] + bytes([seg[16] ^ 0x5A, seg[17]]) + seg[18:]
    raise SystemExit("pkt.py: unknown kind " + kind)


def main():
    if len(sys.argv) not in (6, 7):
        sys.stderr.write(__doc__)
        return 2
    src = ipaddress.ip_address(sys.argv[1])
    dst = ipaddress.ip_address(sys.argv[2])
    sport, dport = int(sys.argv[3]), int(sys.argv[4])
    kind = sys.argv[5]
    count = int(sys.argv[6]) if len(sys.argv) == 7 else 1
    if src.version != dst.version:
        raise SystemExit("pkt.py: SRC and DST of different families")

    if src.version == 4:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    else:
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                          socket.IPPROTO_RAW)
    for _ in range(count):
        seg = body(kind, src, dst, sport, dport)
        if src.version == 4:
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(seg), 0,
                             0x4000, 64, IPPROTO_TCP, 0, src.packed,
                             dst.packed)
            s.sendto(ip + seg, (str(dst), 0))
        else:
            ip = struct.pack("!IHBB16s16s", 6 << 28, len(seg), IPPROTO_TCP,
                             64, src.packed, dst.packed)
            s.sendto(ip + seg, (str(dst), 0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
