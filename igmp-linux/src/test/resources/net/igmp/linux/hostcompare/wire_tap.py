# Captures IPv4 packets carrying IGMP on one interface and prints them as "PKT <hex>"; injects the IPv4 packets
# given as hex lines on stdin, to the Ethernet multicast address of their destination. Prints "READY" once bound.
import socket, sys, threading

ifname = sys.argv[1]
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_IP))
s.bind((ifname, ETH_P_IP))

def receive():
    while True:
        data, addr = s.recvfrom(65535)
        if addr[2] == PACKET_OUTGOING:
            continue  # what we injected ourselves
        if len(data) >= 20 and data[9] == 2:
            print("PKT " + data.hex(), flush=True)

threading.Thread(target=receive, daemon=True).start()
print("READY", flush=True)
for line in sys.stdin:
    pkt = bytes.fromhex(line.strip())
    dst = pkt[16:20]
    mac = bytes([0x01, 0x00, 0x5E, dst[1] & 0x7F, dst[2], dst[3]])
    s.sendto(pkt, (ifname, ETH_P_IP, 0, 0, mac))
