package net.igmp.linux.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import com.fasterxml.jackson.databind.JsonNode;
import net.igmp.linux.control.ControlClient;
import net.igmp.linux.dataplane.DataPlane;
import net.igmp.linux.ffm.Netns;
import net.igmp.linux.lab.LabThread;
import net.igmp.linux.lab.NetnsLab;
import net.igmp.wire.Ipv4;

/** Kernel hosts, a multicast source and an in-process daemon, each inside a namespace of a {@link NetnsLab}. */
public final class LabHosts {
    private LabHosts() {}

    static final int PORT = 5001;

    /**
     * A real host: a UDP socket in namespace {@code ns} whose joins make the kernel send IGMP reports (v3, or v2
     * when the interface has {@code force_igmp_version=2}). Counts the datagrams it receives per group.
     */
    public static final class Member implements AutoCloseable {
        final String ns;
        final DatagramChannel ch;
        final Map<String, MembershipKey> keys = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
        /** The first and the last sequence number received per group, for {@link #missed}. */
        final Map<String, long[]> seqs = new ConcurrentHashMap<>();
        final Thread reader;

        public Member(String ns) throws Exception {
            this.ns = ns;
            this.ch = Netns.call(ns, () -> {
                DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
                c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                c.bind(new InetSocketAddress(PORT));
                return c;
            });
            reader = Thread.ofPlatform().daemon().start(() -> {
                ByteBuffer b = ByteBuffer.allocate(2048);
                while (ch.isOpen()) {
                    try {
                        b.clear();
                        ch.receive(b);
                        b.flip();
                        String[] words = StandardCharsets.US_ASCII.decode(b).toString().split(" ");
                        String group = words[0];
                        long seq = Long.parseLong(words[1]);
                        seqs.computeIfAbsent(group, g -> new long[]{seq, seq})[1] = seq;
                        received.computeIfAbsent(group, g -> new AtomicLong()).incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        public void join(String group) throws Exception {
            Netns.call(ns, () -> keys.put(group, ch.join(InetAddress.getByName(group), NetworkInterface.getByName("eth0"))));
        }

        void joinSource(String group, String source) throws Exception {
            Netns.call(ns, () -> keys.put(group, ch.join(InetAddress.getByName(group), NetworkInterface.getByName("eth0"), InetAddress.getByName(source))));
        }

        void leave(String group) throws Exception {
            Netns.call(ns, () -> {
                keys.remove(group).drop();
                return null;
            });
        }

        /** Datagrams of the group the source sent between the first and the last received here that never arrived. */
        public long missed(String group) {
            long[] s = seqs.get(group);
            return s == null ? 0 : s[1] - s[0] + 1 - count(group);
        }

        public long count(String group) {
            AtomicLong n = received.get(group);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** Sends one datagram to each group every 10 ms, TTL 8, from namespace {@code ns} out of eth0. */
    public static final class Source implements AutoCloseable {
        final List<String> groups = new java.util.concurrent.CopyOnWriteArrayList<>();
        final LabThread thread;
        volatile boolean running = true;

        public Source(String ns, String... groups) {
            this.groups.addAll(List.of(groups));
            thread = LabThread.start(ns, "source-" + ns, self -> {
                try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)) {
                    c.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName("eth0"));
                    c.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 8);
                    self.ready();
                    long seq = 0;
                    while (running) {
                        for (String g : this.groups)
                            c.send(ByteBuffer.wrap((g + " " + seq).getBytes(StandardCharsets.US_ASCII)), new InetSocketAddress(InetAddress.getByName(g), PORT));
                        seq++;
                        Thread.sleep(10);
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.stop(Duration.ofSeconds(2));
        }
    }

    /** A {@link RouterDaemon} running on a thread inside a namespace. */
    static final class Daemon implements AutoCloseable {
        final RouterDaemon daemon;
        final java.nio.file.Path control;
        final LabThread thread;
        final String ns;
        final DataPlane.Choice plane;

        Daemon(String ns, DaemonConfig config) throws Exception {
            this(ns, config, DataPlane.Choice.AUTO);
        }

        Daemon(String ns, DaemonConfig config, DataPlane.Choice plane) throws Exception {
            this.ns = ns;
            this.plane = plane;
            this.control = config.control();
            Logging.configure(Logging.LogLevel.INFO, Logging.Format.PLAIN, System.out);
            this.daemon = new RouterDaemon(config, plane);
            // a daemon that fails to start, or whose loop dies later, fails the test at once with its exception
            thread = LabThread.start(ns, "daemon-" + ns, self -> {
                daemon.start();
                self.ready();
                daemon.run();
            });
            thread.awaitReady(Duration.ofSeconds(60));
        }

        String show(String topic) throws IOException {
            return ControlClient.request(control, "show " + topic);
        }

        /**
         * The outgoing interfaces of the (S,G) entry, empty when it has none or there is no entry: the kernel's MFC
         * (ip mroute) on the kernel plane, the daemon's routes on the user plane.
         */
        List<String> oifs(NetnsLab lab, String source, String group) {
            if (plane != DataPlane.Choice.USER) return LabHosts.oifs(lab, ns, source, group);
            List<String> out = new ArrayList<>();
            for (JsonNode route : json("routes").get("routes"))
                if (route.get("source").asText().equals(source) && route.get("group").asText().equals(group))
                    route.get("outbound").forEach(o -> out.add(o.asText()));
            return out;
        }

        /** Datagrams forwarded out of each interface: the kernel's VIF counters, or the user plane's. */
        Map<String, Long> packetsOut(NetnsLab lab) {
            if (plane != DataPlane.Choice.USER) return vifPacketsOut(lab, ns);
            Map<String, Long> out = new java.util.HashMap<>();
            for (JsonNode i : json("interfaces").get("interfaces"))
                if (i.has("packetsOut")) out.put(i.get("name").asText(), i.get("packetsOut").asLong());
            return out;
        }

        /** Whether the data plane routes the interface: a VIF of the kernel, or a port of the user plane. */
        boolean routes(NetnsLab lab, String ifName) {
            if (plane != DataPlane.Choice.USER) return lab.exec(ns, "cat", "/proc/net/ip_mr_vif").stdout().contains(ifName);
            for (JsonNode i : json("interfaces").get("interfaces"))
                if (i.get("name").asText().equals(ifName)) return i.has("packetsIn");
            return false;
        }

        JsonNode json(String topic) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(show(topic));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            daemon.stop();
            daemon.awaitStopped(5000);
            thread.stop(Duration.ofSeconds(5));
        }
    }

    /** Waits for {@code condition}; fails at once when a source, daemon or other lab thread died. */
    public static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        LabThread.await(what, millis, condition);
    }

    /** PktsOut of each VIF, by interface name, from the router namespace's /proc/net/ip_mr_vif. */
    public static Map<String, Long> vifPacketsOut(NetnsLab lab, String ns) {
        Map<String, Long> out = new java.util.HashMap<>();
        String text = lab.exec(ns, "cat", "/proc/net/ip_mr_vif").stdout();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // Interface BytesIn PktsIn BytesOut PktsOut Flags Local Remote
            if (f.length >= 9 && f[0].matches("\\d+")) out.put(f[1], Long.parseLong(f[5]));
        }
        return out;
    }

    /** The outgoing interfaces of the kernel's (S,G) entry, empty when it has none or no entry. */
    public static List<String> oifs(NetnsLab lab, String ns, String source, String group) {
        String text = lab.exec(ns, "ip", "mroute", "show").stdout();
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.contains("(" + source + "," + group + ")")) continue;
            int i = line.indexOf("Oifs:");
            if (i < 0) continue;
            for (String o : line.substring(i + 5).trim().split("\\s+")) {
                if (o.isEmpty() || o.startsWith("State")) break;
                out.add(o.replaceAll("\\(.*\\)", ""));
            }
        }
        return out;
    }

    static int addr(String s) {
        return Ipv4.parse(s);
    }
}
