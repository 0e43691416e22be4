#!/usr/bin/env python3
"""Lab benchmark for `igmp router`, igmpproxy and FRR pimd on the same namespace lab, in the same run.

    src (multicast source) --up0-- rtr (router under test) --lan0-- sw (bridge) -- h3 (kernel IGMPv3 host)
                                                                               -- h2 (kernel IGMPv2 host)
                                                                               -- gen (report burst generator)

For each router it measures, with the v3 host and with the v2 host:
  join     the host's report on the wire -> first datagram of the group on the host's wire
  leave    the sole member's leave on the wire -> last datagram of the group on that wire
  switch   leave A + join B at once: B's first datagram / A's last datagram
and a burst of GROUPS groups reported at once (IGMPv3 records, then IGMPv2 reports): time until the router's
table holds them all, and the CPU time the router used meanwhile.

Times are kernel timestamps (SO_TIMESTAMPNS) of one AF_PACKET socket on the host's interface, so the
host's report and the datagrams it receives are measured on the same clock at the same place.
Run as root: igmp-bench/lab/run.sh (it builds the jar and finds Java 25).
"""
import argparse
import ctypes
import json
import os
import select
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
SO_TIMESTAMPNS = 35
libc = ctypes.CDLL("libc.so.6", use_errno=True)


def sh(*cmd, check=True):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(" ".join(cmd) + ": " + r.stderr.strip())
    return r.stdout


class Lab:
    """Namespaces named uniquely for this run; everything goes away in close()."""

    def __init__(self, tag):
        self.prefix = f"{tag}{os.getpid()}"
        self.namespaces, self.procs = [], []

    def ns(self, name):
        full = f"{self.prefix}-{name}"
        sh("ip", "netns", "add", full)
        self.namespaces.append(full)
        sh("ip", "-n", full, "link", "set", "lo", "up")
        return full

    def veth(self, a, ifa, b, ifb):
        sh("ip", "-n", a, "link", "add", ifa, "type", "veth", "peer", "name", ifb, "netns", b)
        sh("ip", "-n", a, "link", "set", ifa, "up")
        sh("ip", "-n", b, "link", "set", ifb, "up")

    def spawn(self, ns, cmd, **kw):
        p = subprocess.Popen(["ip", "netns", "exec", ns] + cmd, **kw)
        self.procs.append(p)
        return p

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
        for ns in reversed(self.namespaces):
            for pid in sh("ip", "netns", "pids", ns, check=False).split():
                sh("kill", "-9", pid, check=False)
            sh("ip", "netns", "del", ns, check=False)


def in_ns(ns, fn, *args):
    """Runs fn on a thread that entered network namespace ns; sockets it makes stay there."""
    out = {}

    def body():
        fd = os.open(f"/run/netns/{ns}", os.O_RDONLY)
        try:
            if libc.setns(fd, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns " + ns)
        finally:
            os.close(fd)
        out["v"] = fn(*args)

    t = threading.Thread(target=body)
    t.start()
    t.join()
    return out.get("v")


def ip2int(s):
    return struct.unpack("!I", socket.inet_aton(s))[0]


def int2ip(i):
    return socket.inet_ntoa(struct.pack("!I", i))


class Capture:
    """AF_PACKET on one host interface: kernel timestamps of its IGMP messages and of multicast datagrams."""

    def __init__(self, ns, ifname="eth0"):
        self.events = []  # (t_ns, kind, group) kind: join|leave|data
        self.lock = threading.Lock()
        self.sock = in_ns(ns, self._open, ifname)
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @staticmethod
    def _open(ifname):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((ifname, 0))
        s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        s.settimeout(0.2)
        return s

    def _run(self):
        while self.running:
            try:
                data, anc, _, _ = self.sock.recvmsg(2048, 64)
            except socket.timeout:
                continue
            except OSError:
                return
            t = None
            for level, typ, val in anc:
                if level == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS:
                    sec, ns = struct.unpack("qq", val[:16])
                    t = sec * 1_000_000_000 + ns
            if t is None:
                t = time.time_ns()
            if len(data) < 34 or data[12:14] != b"\x08\x00":
                continue
            ihl = (data[14] & 0x0F) * 4
            proto = data[23]
            dst = struct.unpack("!I", data[30:34])[0]
            p = 14 + ihl
            ev = []
            if proto == 17 and (dst >> 28) == 0xE:
                ev.append((t, "data", dst))
            elif proto == 2 and len(data) >= p + 8:
                typ = data[p]
                if typ in (0x12, 0x16):
                    ev.append((t, "join", struct.unpack("!I", data[p + 4:p + 8])[0]))
                elif typ == 0x17:
                    ev.append((t, "leave", struct.unpack("!I", data[p + 4:p + 8])[0]))
                elif typ == 0x22:
                    n = struct.unpack("!H", data[p + 6:p + 8])[0]
                    q = p + 8
                    for _ in range(n):
                        if len(data) < q + 8:
                            break
                        rtype, aux, nsrc = data[q], data[q + 1], struct.unpack("!H", data[q + 2:q + 4])[0]
                        grp = struct.unpack("!I", data[q + 4:q + 8])[0]
                        if rtype in (2, 4):
                            ev.append((t, "join", grp))
                        elif rtype == 3 and nsrc == 0:
                            ev.append((t, "leave", grp))
                        q += 8 + 4 * nsrc + 4 * aux
            if ev:
                with self.lock:
                    self.events.extend(ev)

    def first(self, kind, group, after):
        with self.lock:
            for t, k, g in self.events:
                if k == kind and g == group and t >= after:
                    return t
        return None

    def last(self, kind, group):
        with self.lock:
            ts = [t for t, k, g in self.events if k == kind and g == group]
        return max(ts) if ts else None

    def close(self):
        self.running = False
        self.sock.close()


SOURCE_C = r"""
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
/* Streams a 64-byte datagram to each group it was told to ("add G" / "del G" on stdin) every 0.5 ms. */
int main(int argc, char **argv) {
  int s = socket(AF_INET, SOCK_DGRAM, 0), ttl = 16;
  struct in_addr ifa;
  inet_aton(argv[1], &ifa);
  setsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl);
  setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, &ifa, sizeof ifa);
  struct sockaddr_in to[256];
  int n = 0;
  char line[128], payload[64] = {0}, buf[4096];
  size_t have = 0;
  struct timespec next;
  clock_gettime(CLOCK_MONOTONIC, &next);
  for (;;) {
    struct pollfd p = {0, POLLIN, 0};
    while (poll(&p, 1, 0) > 0) {
      ssize_t r = read(0, buf + have, sizeof buf - have - 1);
      if (r <= 0) return 0;
      have += r;
      buf[have] = 0;
      char *nl;
      while ((nl = strchr(buf, '\n'))) {
        *nl = 0;
        char op[8], g[64];
        if (sscanf(buf, "%7s %63s", op, g) == 2) {
          struct in_addr a;
          inet_aton(g, &a);
          int i;
          for (i = 0; i < n && to[i].sin_addr.s_addr != a.s_addr; i++) {}
          if (op[0] == 'a' && i == n && n < 256) {
            memset(&to[n], 0, sizeof to[n]);
            to[n].sin_family = AF_INET;
            to[n].sin_port = htons(5000);
            to[n].sin_addr = a;
            n++;
          } else if (op[0] == 'd' && i < n) {
            to[i] = to[--n];
          }
        }
        have -= (nl + 1 - buf);
        memmove(buf, nl + 1, have + 1);
      }
    }
    for (int i = 0; i < n; i++) sendto(s, payload, sizeof payload, 0, (struct sockaddr *) &to[i], sizeof to[i]);
    next.tv_nsec += 500000;
    if (next.tv_nsec >= 1000000000) { next.tv_nsec -= 1000000000; next.tv_sec++; }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
  }
}
"""


BURST_C = r"""
/* Sends a prepared burst of IGMP messages as fast as the kernel takes them: the figure is the router's, not the
   sender's. Input file: records of destination (4 octets), length (2 octets), IGMP message. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: burst FILE IFADDR\n"); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 1; }
  fseek(f, 0, SEEK_END); long size = ftell(f); fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc(size);
  if (fread(buf, 1, size, f) != (size_t) size) { perror("read"); return 1; }
  int s = socket(AF_INET, SOCK_RAW, IPPROTO_IGMP);
  if (s < 0) { perror("socket"); return 1; }
  struct in_addr ifa; inet_aton(argv[2], &ifa);
  setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, &ifa, sizeof ifa);
  unsigned char ra[4] = {0x94, 0x04, 0, 0};
  setsockopt(s, IPPROTO_IP, IP_OPTIONS, ra, sizeof ra);
  int sndbuf = 4 << 20;
  setsockopt(s, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  struct sockaddr_in to; memset(&to, 0, sizeof to); to.sin_family = AF_INET;
  long sent = 0;
  for (long p = 0; p + 6 <= size; ) {
    memcpy(&to.sin_addr.s_addr, buf + p, 4);
    int len = (buf[p + 4] << 8) | buf[p + 5];
    if (sendto(s, buf + p + 6, len, 0, (struct sockaddr *) &to, sizeof to) == len) sent++;
    p += 6 + len;
  }
  printf("%ld\n", sent);
  return 0;
}
"""

class Source:
    """A small C program in the source namespace streaming every 0.5 ms to the groups it is told to (steadier
    pacing than an interpreter, so that latencies are not padded by the source's own gaps)."""

    def __init__(self, lab, ns, addr, workdir):
        c = os.path.join(workdir, "source.c")
        exe = os.path.join(workdir, "source")
        with open(c, "w") as f:
            f.write(SOURCE_C)
        sh("gcc", "-O2", "-o", exe, c)
        self.p = lab.spawn(ns, [exe, addr], stdin=subprocess.PIPE, text=True)

    def add(self, g):
        self.p.stdin.write(f"add {g}\n")
        self.p.stdin.flush()

    def remove(self, g):
        self.p.stdin.write(f"del {g}\n")
        self.p.stdin.flush()


class Host:
    """A kernel host: one UDP socket whose joins make the kernel report (v3, or v2 when forced)."""

    def __init__(self, ns):
        self.ns = ns
        self.ifindex = in_ns(ns, socket.if_nametoindex, "eth0")
        self.sock = in_ns(ns, socket.socket, socket.AF_INET, socket.SOCK_DGRAM)

    def _mreq(self, g):
        return struct.pack("4s4si", socket.inet_aton(g), b"\0\0\0\0", self.ifindex)

    def join(self, g):
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, self._mreq(g))

    def leave(self, g):
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_DROP_MEMBERSHIP, self._mreq(g))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(cond, timeout, step=0.01):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = cond()
        if v is not None:
            return v
        time.sleep(step)
    return None


# ----------------------------------------------------------------------------------------------- routers

class Router:
    name = "?"
    has_table = True

    def start(self, lab, rtr, workdir):
        raise NotImplementedError

    def group_count(self):
        """Groups in the router's table, or None when it cannot say."""
        return None


class IgmpRouter(Router):
    def __init__(self, java, jar, proxy):
        self.java, self.jar, self.proxy = java, jar, proxy
        self.name = "igmp (proxy mode)" if proxy else "igmp (router mode)"

    def start(self, lab, rtr, workdir):
        self.sock = os.path.join(workdir, "igmp.sock")
        mode = ["--upstream", "up0", "--downstream", "lan0"] if self.proxy else ["--interface", "up0", "--interface", "lan0"]
        self.log = open(os.path.join(workdir, "igmp.log"), "w")
        self.p = lab.spawn(rtr, [self.java, "--enable-native-access=ALL-UNNAMED", "-jar", self.jar, "router"] + mode
                           + ["--control", self.sock], stdout=self.log, stderr=subprocess.STDOUT)
        ok = wait_for(lambda: True if self._interfaces_up() else None, 30, 0.1)
        if not ok:
            raise RuntimeError("igmp router did not come up; see " + self.log.name)
        return self.p.pid

    def _request(self, line):
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.connect(self.sock)
        c.sendall((line + "\n").encode())
        c.shutdown(socket.SHUT_WR)
        buf = b""
        while True:
            b = c.recv(65536)
            if not b:
                break
            buf += b
        c.close()
        return json.loads(buf)

    def _interfaces_up(self):
        try:
            ifs = self._request("show interfaces")["interfaces"]
            return all(i["state"] == "up" for i in ifs)
        except OSError:
            return False

    def group_count(self):
        try:
            reply = self._request("show interfaces")
        except OSError:
            return None
        if "interfaces" not in reply:
            return None  # busy: the request timed out inside the daemon
        # Proxy mode: the groups the host side reports upstream (the last step of the proxy path).
        table = "up0" if self.proxy else "lan0"
        for i in reply["interfaces"]:
            if i["name"] == table:
                return i.get("groups", 0)
        return 0


class IgmpProxy(Router):
    name = "igmpproxy 0.3 (quickleave)"
    has_table = False

    def start(self, lab, rtr, workdir):
        conf = os.path.join(workdir, "igmpproxy.conf")
        with open(conf, "w") as f:
            f.write("quickleave\nphyint up0 upstream ratelimit 0 threshold 1\n  altnet 0.0.0.0/0\n"
                    "phyint lan0 downstream ratelimit 0 threshold 1\nphyint lo disabled\n")
        self.log = open(os.path.join(workdir, "igmpproxy.log"), "w")
        p = lab.spawn(rtr, ["igmpproxy", "-n", conf], stdout=self.log, stderr=subprocess.STDOUT)
        time.sleep(2)
        if p.poll() is not None:
            raise RuntimeError("igmpproxy exited; see " + self.log.name)
        return p.pid


class FrrPimd(Router):
    name = "FRR pimd"

    def start(self, lab, rtr, workdir):
        self.dir = workdir
        os.chmod(workdir, 0o777)
        with open(os.path.join(workdir, "zebra.conf"), "w") as f:
            f.write("hostname rtr\n")
        with open(os.path.join(workdir, "pimd.conf"), "w") as f:
            f.write("hostname rtr\nip pim rp 10.201.0.1 224.0.0.0/4\n"
                    "interface up0\n ip pim\ninterface lan0\n ip pim\n ip igmp\n ip igmp version 3\n")
        shutil.chown(workdir, "frr", "frr")
        for n in ("zebra.conf", "pimd.conf"):
            shutil.chown(os.path.join(workdir, n), "frr", "frr")
        common = ["-N", os.path.basename(workdir), "-z", os.path.join(workdir, "zserv.api"), "--vty_socket", workdir,
                  "-u", "frr", "-g", "frr", "--log", "stdout"]
        self.log = open(os.path.join(workdir, "frr.log"), "w")
        lab.spawn(rtr, ["/usr/lib/frr/zebra", "-f", os.path.join(workdir, "zebra.conf"), "-i", os.path.join(workdir, "zebra.pid")] + common,
                  stdout=self.log, stderr=subprocess.STDOUT)
        time.sleep(1)
        p = lab.spawn(rtr, ["/usr/lib/frr/pimd", "-f", os.path.join(workdir, "pimd.conf"), "-i", os.path.join(workdir, "pimd.pid")] + common,
                      stdout=self.log, stderr=subprocess.STDOUT)
        self.rtr = rtr
        time.sleep(3)
        if p.poll() is not None:
            raise RuntimeError("pimd exited; see " + self.log.name)
        return p.pid

    def group_count(self):
        try:
            out = subprocess.run(["ip", "netns", "exec", self.rtr, "vtysh", "--vty_socket", self.dir, "-c", "show ip igmp groups"],
                                 capture_output=True, text=True, timeout=20).stdout
        except subprocess.TimeoutExpired:
            return None  # too busy to answer
        for line in out.splitlines():
            if line.startswith("Total IGMP groups:"):
                return int(line.split(":")[1])
        return None


# ----------------------------------------------------------------------------------------------- measurements

def ms(ns_delta):
    return None if ns_delta is None else ns_delta / 1e6


def measure_join(src, host, cap, group):
    src.add(group)
    time.sleep(0.3)  # the stream reaches the router first, as a channel already on offer would
    t0 = time.time_ns()
    host.join(group)
    rep = wait_for(lambda: cap.first("join", ip2int(group), t0), 5)
    data = wait_for(lambda: cap.first("data", ip2int(group), rep), 10) if rep else None
    return rep, data


def measure_leave(host, cap, group, quiet_s, timeout_s):
    """The sole member leaves; the stream is over once nothing came for quiet_s seconds."""
    t0 = time.time_ns()
    host.leave(group)
    lv = wait_for(lambda: cap.first("leave", ip2int(group), t0), 5)
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        last = cap.last("data", ip2int(group))
        if last is not None and time.time_ns() - last > quiet_s * 1e9:
            break
        time.sleep(0.05)
    last = cap.last("data", ip2int(group))
    if lv is None or last is None:
        return None
    return max(0, last - lv)


def run_router(router, args, results):
    lab = Lab("lb")
    work = tempfile.mkdtemp(prefix="igmp-lab-")
    try:
        src, rtr, sw, h3, h2, gen = (lab.ns(n) for n in ("src", "rtr", "sw", "h3", "h2", "gen"))
        sh("ip", "-n", sw, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0")
        sh("ip", "-n", sw, "link", "set", "br0", "up")
        lab.veth(rtr, "up0", src, "eth0")
        lab.veth(rtr, "lan0", sw, "prtr")
        for h, port in ((h3, "p3"), (h2, "p2"), (gen, "pgen")):
            lab.veth(h, "eth0", sw, port)
        for port in ("prtr", "p3", "p2", "pgen"):
            sh("ip", "-n", sw, "link", "set", port, "master", "br0")
        sh("ip", "-n", rtr, "addr", "add", "10.200.0.1/24", "dev", "up0")
        sh("ip", "-n", src, "addr", "add", "10.200.0.2/24", "dev", "eth0")
        sh("ip", "-n", src, "route", "add", "default", "via", "10.200.0.1")
        sh("ip", "-n", rtr, "addr", "add", "10.201.0.1/24", "dev", "lan0")
        for h, a in ((h3, "10.201.0.3"), (h2, "10.201.0.2"), (gen, "10.201.0.9")):
            sh("ip", "-n", h, "addr", "add", a + "/24", "dev", "eth0")
            sh("ip", "-n", h, "route", "add", "default", "via", "10.201.0.1")
        sh("ip", "netns", "exec", h2, "sysctl", "-qw", "net.ipv4.conf.eth0.force_igmp_version=2")
        sh("ip", "netns", "exec", gen, "sysctl", "-qw", "net.ipv4.igmp_max_memberships=200000")

        pid = router.start(lab, rtr, work)
        source = Source(lab, src, "10.200.0.2", work)
        r = results.setdefault(router.name, {})
        for label, hns, base in (("v3", h3, 10), ("v2", h2, 20)):
            cap = Capture(hns)
            host = Host(hns)
            for i in range(args.warmup):  # not counted (default 0: the daemon compiles its packet path at start-up)
                g = f"239.{base + 3}.0.{i + 1}"
                measure_join(source, host, cap, g)
                host.leave(g)
                source.remove(g)
            joins = []
            for i in range(args.joins):
                g = f"239.{base}.0.{i + 1}"
                rep, data = measure_join(source, host, cap, g)
                if rep and data:
                    joins.append(ms(data - rep))
                host.leave(g)
                source.remove(g)
            leaves = []
            for i in range(args.leaves):
                g = f"239.{base + 1}.0.{i + 1}"
                rep, data = measure_join(source, host, cap, g)
                if rep and data:
                    leaves.append(ms(measure_leave(host, cap, g, args.quiet, args.leave_timeout)))
                source.remove(g)
            a, b = f"239.{base + 2}.0.1", f"239.{base + 2}.0.2"
            measure_join(source, host, cap, a)
            source.add(b)
            time.sleep(0.3)
            t0 = time.time_ns()
            host.leave(a)
            host.join(b)
            rep_b = wait_for(lambda: cap.first("join", ip2int(b), t0), 5)
            data_b = wait_for(lambda: cap.first("data", ip2int(b), rep_b), 10) if rep_b else None
            lv_a = wait_for(lambda: cap.first("leave", ip2int(a), t0), 5)
            end = time.monotonic() + args.leave_timeout
            while time.monotonic() < end:
                last = cap.last("data", ip2int(a))
                if last and time.time_ns() - last > args.quiet * 1e9:
                    break
                time.sleep(0.05)
            last_a = cap.last("data", ip2int(a))
            host.leave(b)
            source.remove(a)
            source.remove(b)
            cap.close()
            r[label] = {
                "join_p50_ms": statistics.median(joins) if joins else None,
                "join_p95_ms": sorted(joins)[max(0, -(-95 * len(joins) // 100) - 1)] if joins else None,  # nearest rank
                "join_n": len(joins),
                "leave_ms": statistics.median([x for x in leaves if x is not None]) if any(x is not None for x in leaves) else None,
                "switch_new_ms": ms(data_b - rep_b) if rep_b and data_b else None,
                # The source sends every 0.5 ms: a stream that stopped before the leave was seen reads as 0.
                "switch_old_ms": ms(max(0, last_a - lv_a)) if lv_a and last_a else None,
            }
            print(f"{router.name} {label}: {r[label]}", flush=True)
        time.sleep(3)  # leaves still running out (v2: Last Member Query Time) must not change the count mid-burst
        for label, version in (("v3", 3), ("v2", 2)):
            r[label]["burst"] = burst(router, gen, pid, version, args)
            print(f"{router.name} {label} burst: {r[label]['burst']}", flush=True)
    finally:
        lab.close()
        shutil.rmtree(work, ignore_errors=True)


def burst(router, gen, pid, version, args):
    """GROUPS groups reported at once from one generator host: v3 records (IS_EX {}) or v2 reports."""
    base = ip2int("239.100.0.0") if version == 3 else ip2int("239.140.0.0")
    groups = [base + i for i in range(args.groups)]
    # Every packet is built before the clock starts: the figure is the router's, not this script's.
    packets = []
    if version == 3:
        per = 180
        for k in range(0, len(groups), per):
            chunk = groups[k:k + per]
            body = b"".join(struct.pack("!BBHI", 2, 0, 0, g) for g in chunk)
            packets.append(("224.0.0.22", with_checksum(struct.pack("!BBHHH", 0x22, 0, 0, 0, len(chunk)) + body)))
    else:
        packets = [(int2ip(g), with_checksum(struct.pack("!BBHI", 0x16, 0, 0, g))) for g in groups]

    # A compiled sender: an interpreter's loop of 100,000 sendto calls takes longer than the router needs.
    work = tempfile.mkdtemp(prefix="igmp-burst-")
    exe, data = os.path.join(work, "burst"), os.path.join(work, "burst.bin")
    with open(os.path.join(work, "burst.c"), "w") as f:
        f.write(BURST_C)
    sh("gcc", "-O2", "-o", exe, os.path.join(work, "burst.c"))
    with open(data, "wb") as f:
        for dst, msg in packets:
            f.write(socket.inet_aton(dst) + struct.pack("!H", len(msg)) + msg)

    def send():
        subprocess.run(["ip", "netns", "exec", gen, exe, data, "10.201.0.9"], check=True, stdout=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)

    before = router.group_count() or 0
    cpu0 = cpu_seconds(pid)
    t0 = time.monotonic()
    send()
    sent = time.monotonic() - t0
    result = {"sent_s": round(sent, 3)}
    if not router.has_table:
        time.sleep(args.burst_window)
        result["cpu_s"] = round(cpu_seconds(pid) - cpu0, 2)
        result["table"] = "n/a"
        return result
    target = before + args.groups
    last = [before]

    def complete():
        n = router.group_count()
        if n is not None:
            last[0] = n
        return (time.monotonic() - t0) if n is not None and n >= target else None

    seen = wait_for(complete, args.burst_timeout, 0.05)
    result["cpu_s"] = round(cpu_seconds(pid) - cpu0, 2)
    if seen is None:
        result["table"] = f"{last[0] - before:,} after {time.monotonic() - t0:.0f} s"
    else:
        result["table_s"] = round(seen, 3)
    return result


def with_checksum(b):
    b = bytearray(b)
    s = 0
    for i in range(0, len(b), 2):
        s += (b[i] << 8) + (b[i + 1] if i + 1 < len(b) else 0)
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    c = ~s & 0xFFFF
    b[2], b[3] = c >> 8, c & 0xFF
    return bytes(b)


def fmt(x, unit="", nd=1):
    return "n/a" if x is None else f"{x:.{nd}f}{unit}"


def table(results, args):
    lines = ["| router | hosts | join p50 / p95 | sole member leaves → stops | switch: new arrives / old stops | "
             f"{args.groups:,} groups at once: in table / CPU |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, r in results.items():
        for label in ("v3", "v2"):
            x = r.get(label)
            if not x:
                continue
            b = x.get("burst", {})
            tbl = f"{b['table_s']:.2f} s" if "table_s" in b else b.get("table", "n/a")
            lines.append(f"| {name} | {label} | {fmt(x['join_p50_ms'], ' ms', 2)} / {fmt(x['join_p95_ms'], ' ms', 2)} | "
                         f"{fmt(x['leave_ms'], ' ms', 0)} | {fmt(x['switch_new_ms'], ' ms', 2)} / {fmt(x['switch_old_ms'], ' ms', 0)} | "
                         f"{tbl} / {fmt(b.get('cpu_s'), ' CPU-s', 2)} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--java", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--routers", default="igmp,igmp-proxy,igmpproxy,pimd")
    ap.add_argument("--joins", type=int, default=20)
    ap.add_argument("--leaves", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=0, help="joins before the measured ones, not counted")
    ap.add_argument("--groups", type=int, default=100_000)
    ap.add_argument("--quiet", type=float, default=1.5, help="seconds without datagrams that mean a stream stopped")
    ap.add_argument("--leave-timeout", type=float, default=60)
    ap.add_argument("--burst-timeout", type=float, default=60)
    ap.add_argument("--burst-window", type=float, default=20, help="CPU window for routers without a group table")
    ap.add_argument("--out", help="write the markdown table here too")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("lab_bench: needs root (network namespaces, raw sockets)")
    routers = {"igmp": lambda: IgmpRouter(args.java, args.jar, False), "igmp-proxy": lambda: IgmpRouter(args.java, args.jar, True),
               "igmpproxy": IgmpProxy, "pimd": FrrPimd}
    results = {}
    for name in args.routers.split(","):
        if name == "igmpproxy" and not shutil.which("igmpproxy"):
            print("igmpproxy not installed (apt-get install -y igmpproxy); skipped", flush=True)
            continue
        if name == "pimd" and not os.path.exists("/usr/lib/frr/pimd"):
            print("FRR not installed (apt-get install -y frr); skipped", flush=True)
            continue
        try:
            run_router(routers[name](), args, results)
        except Exception as e:  # one router failing must not lose the others' figures
            print(f"{name}: {e}", flush=True)
    md = table(results, args)
    print(md)
    if args.out:
        with open(args.out, "w") as f:
            f.write(md + "\n")


if __name__ == "__main__":
    main()
