#!/usr/bin/env python3
"""Helpers for namespace labs that make the Linux kernel speak IGMP.

  igmplab.py capture IFACE FILE SECONDS [--igmp-only]
      Captures every frame on IFACE (AF_PACKET, kernel timestamps) into a classic pcap (LINKTYPE_ETHERNET,
      nanosecond magic) until SECONDS have passed or SIGTERM/SIGINT arrives. Prints "capturing" once listening.

  igmplab.py member IFADDR GROUP [--source S] [--hold SECONDS]
      A socket on the interface with address IFADDR joins GROUP (IP_ADD_MEMBERSHIP, or IP_ADD_SOURCE_MEMBERSHIP
      with --source), so the kernel sends its reports; after HOLD seconds it drops the membership (the kernel
      sends its leave) and exits. Prints "joined" and "left".

Run inside a network namespace (ip netns exec NS python3 igmplab.py ...).
"""
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
SO_TIMESTAMPNS = 35
IP_ADD_SOURCE_MEMBERSHIP = 39
IP_DROP_SOURCE_MEMBERSHIP = 40
LINKTYPE_ETHERNET = 1
PCAP_MAGIC_NANOS = 0xA1B23C4D


def capture(iface, path, seconds, igmp_only):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    stop = [False]

    def on_signal(signum, frame):
        stop[0] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    deadline = time.monotonic() + seconds
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', PCAP_MAGIC_NANOS, 2, 4, 0, 0, 65535, LINKTYPE_ETHERNET))
        f.flush()
        print('capturing', flush=True)
        while not stop[0]:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            s.settimeout(min(left, 0.2))
            try:
                data, anc, _flags, _addr = s.recvmsg(65535, socket.CMSG_SPACE(16))
            except socket.timeout:
                continue
            except InterruptedError:
                continue
            sec, nsec = None, None
            for level, ctype, cdata in anc:
                if level == socket.SOL_SOCKET and ctype == SO_TIMESTAMPNS and len(cdata) >= 16:
                    sec, nsec = struct.unpack('qq', cdata[:16])
            if sec is None:
                now = time.time_ns()
                sec, nsec = divmod(now, 1_000_000_000)
            if igmp_only and not is_igmp(data):
                continue
            f.write(struct.pack('<IIII', sec, nsec, len(data), len(data)))
            f.write(data)
            f.flush()


def is_igmp(frame):
    p = 12
    while p + 2 <= len(frame) and frame[p:p + 2] in (b'\x81\x00', b'\x88\xa8'):
        p += 4
    return frame[p:p + 2] == b'\x08\x00' and len(frame) > p + 11 and frame[p + 2 + 9] == 2


def member(ifaddr, group, source, hold):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if source:
        # struct ip_mreq_source on Linux: multiaddr, interface, sourceaddr
        mreq = socket.inet_aton(group) + socket.inet_aton(ifaddr) + socket.inet_aton(source)
        s.setsockopt(socket.IPPROTO_IP, IP_ADD_SOURCE_MEMBERSHIP, mreq)
    else:
        mreq = socket.inet_aton(group) + socket.inet_aton(ifaddr)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    print('joined', flush=True)
    time.sleep(hold)
    if source:
        s.setsockopt(socket.IPPROTO_IP, IP_DROP_SOURCE_MEMBERSHIP, mreq)
    else:
        s.setsockopt(socket.IPPROTO_IP, socket.IP_DROP_MEMBERSHIP, mreq)
    print('left', flush=True)
    s.close()


def main(argv):
    if len(argv) >= 4 and argv[0] == 'capture':
        capture(argv[1], argv[2], float(argv[3]), '--igmp-only' in argv[4:])
    elif len(argv) >= 3 and argv[0] == 'member':
        source, hold = None, 1.0
        rest = argv[3:]
        while rest:
            if rest[0] == '--source' and len(rest) > 1:
                source, rest = rest[1], rest[2:]
            elif rest[0] == '--hold' and len(rest) > 1:
                hold, rest = float(rest[1]), rest[2:]
            else:
                sys.exit('igmplab.py: unknown argument ' + rest[0])
        member(argv[1], argv[2], source, hold)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv[1:])
