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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import net.igmp.linux.control.ControlClient;
import net.igmp.linux.ffm.Netns;
import net.igmp.linux.lab.NetnsLab;
import net.igmp.wire.Ipv4;

/** Kernel hosts, a multicast source and an in-process daemon, each inside a namespace of a {@link NetnsLab}. */
final class LabHosts {
    private LabHosts() {}

    static final int PORT = 5001;

    /**
     * A real host: a UDP socket in namespace {@code ns} whose joins make the kernel send IGMP reports (v3, or v2
     * when the interface has {@code force_igmp_version=2}). Counts the datagrams it receives per group.
     */
    static final class Member implements AutoCloseable {
        final String ns;
        final DatagramChannel ch;
        final Map<String, MembershipKey> keys = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
        final Thread reader;

        Member(String ns) throws Exception {
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
                        String group = StandardCharsets.US_ASCII.decode(b).toString().split(" ")[0];
                        received.computeIfAbsent(group, g -> new AtomicLong()).incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        void join(String group) throws Exception {
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

        long count(String group) {
            AtomicLong n = received.get(group);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** Sends one datagram to each group every 10 ms, TTL 8, from namespace {@code ns} out of eth0. */
    static final class Source implements AutoCloseable {
        final List<String> groups = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Thread thread;
        volatile boolean running = true;

        Source(String ns, String... groups) {
            this.groups.addAll(List.of(groups));
            thread = Netns.start(ns, "source-" + ns, () -> {
                try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)) {
                    c.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName("eth0"));
                    c.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 8);
                    long seq = 0;
                    while (running) {
                        for (String g : this.groups)
                            c.send(ByteBuffer.wrap((g + " " + seq).getBytes(StandardCharsets.US_ASCII)), new InetSocketAddress(InetAddress.getByName(g), PORT));
                        seq++;
                        Thread.sleep(10);
                    }
                } catch (Exception e) {
                    if (running) throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(2000);
        }
    }

    /** A {@link RouterDaemon} running on a thread inside a namespace. */
    static final class Daemon implements AutoCloseable {
        final RouterDaemon daemon;
        final java.nio.file.Path control;
        final Thread thread;

        Daemon(String ns, DaemonConfig config) throws Exception {
            this.control = config.control();
            this.daemon = new RouterDaemon(config, new Log(System.out, false));
            AtomicReference<Exception> failure = new AtomicReference<>();
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            thread = Netns.start(ns, "daemon-" + ns, () -> {
                try {
                    daemon.start();
                } catch (Exception e) {
                    failure.set(e);
                    started.countDown();
                    return;
                }
                started.countDown();
                daemon.run();
            });
            started.await();
            if (failure.get() != null) throw failure.get();
        }

        String show(String topic) throws IOException {
            return ControlClient.request(control, "show " + topic);
        }

        @Override
        public void close() throws InterruptedException {
            daemon.stop();
            daemon.awaitStopped(5000);
            thread.join(5000);
        }
    }

    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out after " + millis + " ms waiting for: " + what);
            Thread.sleep(20);
        }
    }

    /** PktsOut of each VIF, by interface name, from the router namespace's /proc/net/ip_mr_vif. */
    static Map<String, Long> vifPacketsOut(NetnsLab lab, String ns) {
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
    static List<String> oifs(NetnsLab lab, String ns, String source, String group) {
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
