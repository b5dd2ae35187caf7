#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send random and mutated TCP/IP packets, for selftests/pktfuzz.sh.

    pktfuzz.py SRC DST SPORT DPORT COUNT SEED

SRC and DST are both IPv4 or both IPv6.  SPORT and DPORT are a port
number, or 'any' for a random one in each packet.  Each packet starts
as a TCP segment of SRC:SPORT -> DST:DPORT and gets random mutations:

  TCP   any flags, sequence and acknowledgement numbers, window and
        urgent pointer; data offsets of 0 to 15 with options, well
        formed (MSS, window scale, SACK, timestamps) or not (bad
        lengths, unknown kinds, no end); payloads of 0 to 1400 bytes;
        a segment cut short; a wrong checksum
  IPv4  options (NOP, EOL, record route, timestamps, source routes,
        garbage) up to the 60-byte header; TTL, TOS; DF, MF and
        fragment offsets (the first fragment of a datagram that never
        ends, or a later one)
  IPv6  chains of extension headers: hop-by-hop and destination
        options (padding, router alert, unknown kinds), routing
        headers, fragment headers (atomic or not)

The packets go out through a raw socket with the IP header included
(IP_HDRINCL, IPV6_HDRINCL): the kernel fills in the IPv4 total length
and header checksum, nothing else.  A packet the local stack refuses to
send is counted and skipped.  Prints "sent N refused M".
"""
import ipaddress
import random
import socket
import struct
import sys

IPPROTO_TCP = 6
IPV6_HDRINCL = 36


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def tcp_options(rnd):
    """Up to 40 bytes of TCP options, good or bad."""
    opts = b""
    for _ in range(rnd.randint(0, 6)):
        kind = rnd.choice([0, 1, 2, 3, 4, 5, 8, 30, 34, rnd.randint(0, 255)])
        if kind in (0, 1):
            opts += bytes([kind])
        elif kind == 2:
            opts += struct.pack("!BBH", 2, 4, rnd.choice([0, 1, 536, 1460, 65535]))
        elif kind == 3:
            opts += bytes([3, 3, rnd.choice([0, 7, 14, 15, 255])])
        elif kind == 4:
            opts += bytes([4, 2])
        elif kind == 8:
            opts += struct.pack("!BBII", 8, 10, rnd.getrandbits(32),
                                rnd.getrandbits(32))
        elif kind == 5:
            n = rnd.randint(0, 4)
            opts += bytes([5, 2 + 8 * n]) + rnd.randbytes(8 * n)
        else:
            # a length that may lie: 0, 1, past the end
            ln = rnd.choice([0, 1, 2, rnd.randint(2, 40)])
            opts += bytes([kind, ln]) + rnd.randbytes(max(0, min(ln, 40) - 2))
    return opts[:40]


def tcp_segment(rnd, src, dst, sport, dport):
    flags = rnd.choice([0x02, 0x10, 0x18, 0x11, 0x04, 0x14, 0x12,
                        rnd.getrandbits(8)])
    opts = tcp_options(rnd) if rnd.random() < 0.6 else b""
    if len(opts) % 4:
        opts += b"\x01" * (4 - len(opts) % 4)
    doff = 5 + len(opts) // 4
    if rnd.random() < 0.1:
        doff = rnd.randint(0, 15)        # a data offset that lies
    payload = rnd.randbytes(rnd.choice([0, 0, 1, rnd.randint(1, 1400)]))
    hdr = struct.pack("!HHIIBBHHH", sport, dport, rnd.getrandbits(32),
                      rnd.getrandbits(32), (doff & 0xF) << 4, flags,
                      rnd.getrandbits(16), 0, rnd.getrandbits(16))
    seg = hdr + opts + payload
    if src.version == 4:
        pseudo = src.packed + dst.packed + struct.pack("!BBH", 0, IPPROTO_TCP,
                                                       len(seg))
    else:
        pseudo = src.packed + dst.packed + struct.pack("!IxxxB", len(seg),
                                                       IPPROTO_TCP)
    c = csum(pseudo + seg)
    if rnd.random() < 0.1:
        c ^= 1 + rnd.getrandbits(15)     # a wrong checksum
    seg = seg[:16] + struct.pack("!H", c) + seg[18:]
    if rnd.random() < 0.08:
        seg = seg[:rnd.randint(0, len(seg))]   # cut short
    return seg


def ipv4_options(rnd):
    opts = b""
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.choice([0, 1, 7, 68, 131, 137, 148, rnd.getrandbits(8)])
        if kind in (0, 1):
            opts += bytes([kind])
        elif kind == 148:                # router alert
            opts += bytes([148, 4, 0, 0])
        else:
            ln = rnd.choice([3, 7, 11, rnd.randint(0, 40)])
            opts += bytes([kind, ln, 4 if kind != 68 else 5]) + \
                rnd.randbytes(max(0, ln - 3))
    opts = opts[:40]
    if len(opts) % 4:
        opts += b"\0" * (4 - len(opts) % 4)
    return opts


def ipv4_packet(rnd, src, dst, seg):
    opts = ipv4_options(rnd) if rnd.random() < 0.2 else b""
    ihl = 5 + len(opts) // 4
    frag = 0x4000 if rnd.random() < 0.5 else 0          # DF
    if rnd.random() < 0.05:
        frag = rnd.choice([0x2000, 0x2000 | rnd.randint(1, 0x1FFF),
                           rnd.randint(1, 0x1FFF)])      # MF, offsets
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, rnd.getrandbits(8), 0,
                      rnd.getrandbits(16), frag,
                      rnd.choice([1, 64, 255, rnd.getrandbits(8)]),
                      IPPROTO_TCP, 0, src.packed, dst.packed)
    return hdr + opts + seg


def ipv6_ext(rnd, nxt):
    """One extension header in front of @nxt: (its type, its bytes)."""
    kind = rnd.choice([0, 60, 43, 44])
    if kind in (0, 60):                   # hop-by-hop, destination options
        opts = rnd.choice([b"\x01\x04\0\0\0\0",              # PadN
                           b"\x05\x02\0\0\x01\x02\0\0",      # router alert
                           bytes([rnd.getrandbits(8), 4]) + rnd.randbytes(4)])
        body = opts + b"\x01" * ((6 - len(opts) % 8) % 8)
        if (2 + len(body)) % 8:
            body += b"\0" * (8 - (2 + len(body)) % 8)
        return kind, bytes([nxt, (2 + len(body)) // 8 - 1]) + body
    if kind == 43:                        # routing, type 0, 2 or 4
        rtype = rnd.choice([0, 2, 4])
        return kind, bytes([nxt, 2, rtype, rnd.randint(0, 1)]) + \
            b"\0" * 4 + rnd.randbytes(16)
    off = rnd.choice([0, 0, rnd.randint(1, 0x1FFF)])  # fragment
    more = rnd.randint(0, 1)
    return kind, struct.pack("!BBHI", nxt, 0, (off << 3) | more,
                             rnd.getrandbits(32))


def ipv6_packet(rnd, src, dst, seg):
    nxt, exts = IPPROTO_TCP, b""
    if rnd.random() < 0.2:
        for _ in range(rnd.randint(1, 3)):
            nxt, ext = ipv6_ext(rnd, nxt)
            exts = ext + exts
    payload = exts + seg
    hdr = struct.pack("!IHBB16s16s", (6 << 28) | rnd.getrandbits(20),
                      len(payload), nxt,
                      rnd.choice([1, 64, 255, rnd.getrandbits(8)]),
                      src.packed, dst.packed)
    return hdr + payload


def port(arg, rnd):
    return rnd.getrandbits(16) if arg == "any" else int(arg)


def main():
    if len(sys.argv) != 7:
        sys.stderr.write(__doc__)
        return 2
    src = ipaddress.ip_address(sys.argv[1])
    dst = ipaddress.ip_address(sys.argv[2])
    if src.version != dst.version:
        sys.stderr.write("pktfuzz.py: SRC and DST of one family\n")
        return 2
    count, rnd = int(sys.argv[5]), random.Random(int(sys.argv[6]))
    if src.version == 4:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
        build, dest = ipv4_packet, (str(dst), 0)
    else:
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                          socket.IPPROTO_RAW)
        s.setsockopt(socket.IPPROTO_IPV6, IPV6_HDRINCL, 1)
        build, dest = ipv6_packet, (str(dst), 0)
    sent = refused = 0
    for _ in range(count):
        seg = tcp_segment(rnd, src, dst, port(sys.argv[3], rnd),
                          port(sys.argv[4], rnd))
        try:
            s.sendto(build(rnd, src, dst, seg), dest)
            sent += 1
        except OSError:
            refused += 1
    print("sent %d refused %d" % (sent, refused))
    return 0


if __name__ == "__main__":
    sys.exit(main())
