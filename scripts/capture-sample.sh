#!/usr/bin/env bash
# Records real Linux kernel IGMP traffic into samples/kernel-igmp.pcap (or the file given as $1).
#
# Everything happens inside network namespaces made for this run and removed at the end, even on failure;
# the root namespace is not touched. Needs root, iproute2 and python3.
#
#   sw    the querier: a Linux bridge br0 (10.77.0.1) with IGMP snooping and its IGMPv3 querier on; it sends
#         general queries, and group-specific and group-and-source-specific queries when members leave
#   lan   a plain bridge lan0 joining the three hosts, with one uplink to sw; the capture runs on the uplink,
#         so it sees every report going to the querier and every query coming from it
#   h3    kernel IGMPv3 host (10.77.0.3): joins 239.1.2.3 (any source), then 232.1.1.1 from 10.77.0.100 only
#   h2    kernel host forced to IGMPv2 (force_igmp_version=2, 10.77.0.2): joins and leaves 239.2.2.2
#   h1    kernel host forced to IGMPv1 (10.77.0.4): joins 239.3.3.3 (v1 has no leave)
#
# Usage: sudo scripts/capture-sample.sh [OUTPUT.pcap]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/../samples/kernel-igmp.pcap}
mkdir -p "$(dirname "$out")"
lab="$here/igmplab.py"
p="igs$$"
namespaces=("$p-sw" "$p-lan" "$p-h3" "$p-h2" "$p-h1")

cleanup() {
  for ns in "${namespaces[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "capture-sample.sh: needs root (network namespaces)" >&2; exit 1; }

for ns in "${namespaces[@]}"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  # IPv4 only: keeps IPv6 neighbour discovery and MLD out of the capture.
  ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done

sw="$p-sw"
ip -n "$sw" link add br0 type bridge mcast_snooping 1 mcast_igmp_version 3 mcast_querier 0 \
  mcast_query_use_ifaddr 1 mcast_startup_query_interval 200 mcast_query_response_interval 100 \
  mcast_last_member_interval 50 mcast_last_member_count 2
ip -n "$sw" addr add 10.77.0.1/24 dev br0
ip -n "$sw" link set br0 up

lan="$p-lan"
ip -n "$lan" link add lan0 type bridge mcast_snooping 0
ip -n "$lan" link set lan0 up
ip -n "$lan" link add uplink type veth peer name p0 netns "$sw"
ip -n "$lan" link set uplink master lan0 up
ip -n "$sw" link set p0 master br0 up

host() { # namespace, port name in lan, address
  ip -n "$lan" link add "$2" type veth peer name eth0 netns "$1"
  ip -n "$lan" link set "$2" master lan0 up
  ip -n "$1" link set eth0 up
  ip -n "$1" addr add "$3/24" dev eth0
}
host "$p-h3" p3 10.77.0.3
host "$p-h2" p2 10.77.0.2
host "$p-h1" p1 10.77.0.4
ip netns exec "$p-h2" sysctl -q -w net.ipv4.conf.eth0.force_igmp_version=2
ip netns exec "$p-h1" sysctl -q -w net.ipv4.conf.eth0.force_igmp_version=1
sleep 1 # let the links settle

tmp="$out.tmp"
ip netns exec "$lan" python3 "$lab" capture uplink "$tmp" 30 --igmp-only > "$tmp.log" &
cap=$!
for _ in $(seq 50); do grep -q capturing "$tmp.log" 2>/dev/null && break; sleep 0.1; done

# The bridge becomes the querier: an IGMPv3 general query now, another after the startup interval.
ip -n "$sw" link set br0 type bridge mcast_querier 1
sleep 0.5
ip netns exec "$p-h3" python3 "$lab" member 10.77.0.3 239.1.2.3 --hold 3 &
m1=$!
sleep 0.3
ip netns exec "$p-h2" python3 "$lab" member 10.77.0.2 239.2.2.2 --hold 3 &
m2=$!
sleep 0.3
ip netns exec "$p-h1" python3 "$lab" member 10.77.0.4 239.3.3.3 --hold 2 &
m3=$!
wait $m1 $m2 $m3
sleep 1
ip netns exec "$p-h3" python3 "$lab" member 10.77.0.3 232.1.1.1 --source 10.77.0.100 --hold 1.5
sleep 2.5

kill -TERM $cap 2>/dev/null || true
wait $cap 2>/dev/null || true
mv "$tmp" "$out"
rm -f "$tmp.log"
echo "wrote $out"
