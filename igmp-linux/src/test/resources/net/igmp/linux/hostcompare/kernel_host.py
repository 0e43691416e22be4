# A Linux kernel IGMP host driven line by line from stdin: each command is one socket call of RFC 9776 section 2
# through the Linux API. Prints "OK" or "ERR <reason>" per command.
#   JOIN sock group            IP_ADD_MEMBERSHIP          (EXCLUDE {})
#   LEAVE sock group           IP_DROP_MEMBERSHIP         (INCLUDE {})
#   BLOCK sock group source    IP_BLOCK_SOURCE            (EXCLUDE, add source)
#   UNBLOCK sock group source  IP_UNBLOCK_SOURCE
#   SSM sock group source      IP_ADD_SOURCE_MEMBERSHIP   (INCLUDE, add source)
#   DROPSRC sock group source  IP_DROP_SOURCE_MEMBERSHIP
import socket, sys

IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP = 35, 36
IP_UNBLOCK_SOURCE, IP_BLOCK_SOURCE, IP_ADD_SOURCE_MEMBERSHIP, IP_DROP_SOURCE_MEMBERSHIP = 37, 38, 39, 40
local = socket.inet_aton(sys.argv[1])
sockets = {}

def sock(n):
    if n not in sockets:
        sockets[n] = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    return sockets[n]

for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    try:
        cmd, s, group = parts[0], sock(parts[1]), socket.inet_aton(parts[2])
        if cmd in ("JOIN", "LEAVE"):
            opt = IP_ADD_MEMBERSHIP if cmd == "JOIN" else IP_DROP_MEMBERSHIP
            s.setsockopt(socket.IPPROTO_IP, opt, group + local)
        else:
            opt = {"BLOCK": IP_BLOCK_SOURCE, "UNBLOCK": IP_UNBLOCK_SOURCE,
                   "SSM": IP_ADD_SOURCE_MEMBERSHIP, "DROPSRC": IP_DROP_SOURCE_MEMBERSHIP}[cmd]
            # struct ip_mreq_source: multiaddr, interface, sourceaddr
            s.setsockopt(socket.IPPROTO_IP, opt, group + local + socket.inet_aton(parts[3]))
        print("OK", flush=True)
    except Exception as e:
        print("ERR " + str(e).replace("\n", " "), flush=True)
