package net.igmp.linux.hostcompare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.igmp.core.FilterMode;
import net.igmp.core.host.HostConfig;
import net.igmp.core.host.HostEngine;
import net.igmp.core.host.Transmit;
import net.igmp.linux.lab.LabRequirement;
import net.igmp.linux.lab.NetnsLab;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.IgmpPacket;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.SourceList;
import net.igmp.wire.V1MembershipReport;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;
import org.junit.jupiter.api.Test;
import net.igmp.linux.lab.KernelLab;

/**
 * The host engine against the Linux kernel as a host. In a network namespace a kernel host (python3 sockets:
 * IP_ADD_MEMBERSHIP, IP_ADD_SOURCE_MEMBERSHIP, IP_BLOCK_SOURCE, ...) is joined by a veth to a second namespace
 * where a packet tap captures its reports and injects queries. The engine is given the same socket calls and
 * the same queries; after each step the reports of both are compared by content (message types, record types,
 * groups, source sets, destinations), timing and repetition aside.
 */
@KernelLab
class KernelHostComparisonTest {
    static final String KERNEL = "10.77.0.2", TAP = "10.77.0.1";
    static final int IF = 1;
    /** Longer than the last retransmission (Unsolicited Report Interval 1 s) or response (Max Resp Time 1 s). */
    static final long WINDOW_MS = 1_800;

    static final String G1 = "239.1.1.1", G2 = "239.2.2.2", SSM = "232.1.1.1";
    static final String S1 = "192.0.2.1", S2 = "192.0.2.2", S3 = "192.0.2.3", S5 = "192.0.2.5", S9 = "192.0.2.9";

    @Test
    void igmpv3ReportsMatchTheKernelsForJoinsFiltersQueriesAndAnOlderQuerier() throws Exception {
        LabRequirement.require();
        LabRequirement.requireCommand("python3");
        try (Session s = new Session(3)) {
            s.ops("any-source join", "JOIN 1 " + G1);
            s.ops("source-specific join", "SSM 2 " + SSM + " " + S1);
            s.ops("a second source", "SSM 2 " + SSM + " " + S2);
            s.ops("another socket's EXCLUDE {S9} under an EXCLUDE {}: no change", "JOIN 3 " + G1, "BLOCK 3 " + G1 + " " + S9);
            s.ops("the EXCLUDE {} socket leaves: EXCLUDE {S9} remains", "LEAVE 1 " + G1);
            s.query("general query", MembershipQuery.v3(0, SourceList.EMPTY, 10, false, 2, 125));
            s.query("group-specific query", MembershipQuery.v3(Ipv4.parse(G1), SourceList.EMPTY, 10, false, 2, 125));
            s.query("group-and-source query, INCLUDE", MembershipQuery.v3(Ipv4.parse(SSM), SourceList.of(S2, S3), 10, false, 2, 125));
            // Here Linux departs from RFC 9776 section 5.2 (EXCLUDE (A), B -> IS_IN (B-A)): for an EXCLUDE-mode group
            // it answers with its whole state. Both tell the router S5 is wanted; the engine keeps to the RFC.
            s.query("group-and-source query, EXCLUDE", MembershipQuery.v3(Ipv4.parse(G1), SourceList.of(S9, S5), 10, false, 2, 125),
                    List.of("IS_EX 239.1.1.1 [192.0.2.9] -> 224.0.0.22"), List.of("IS_IN 239.1.1.1 [192.0.2.5] -> 224.0.0.22"));
            s.ops("an INCLUDE {S9} socket unblocks S9", "SSM 4 " + G1 + " " + S9);
            s.ops("the INCLUDE {S9} socket leaves", "LEAVE 4 " + G1);
            s.ops("switch from G1 to G2", "LEAVE 3 " + G1, "JOIN 5 " + G2);
            s.query("general query after the switch", MembershipQuery.v3(0, SourceList.EMPTY, 10, false, 2, 125));
            s.ops("dropping one source", "DROPSRC 2 " + SSM + " " + S1);
            s.query("an IGMPv2 querier appears", MembershipQuery.v2(0, 10));
            s.ops("leave in v2 compatibility mode", "LEAVE 5 " + G2);
            s.ops("join in v2 compatibility mode", "JOIN 6 " + G1);
            assertThat(s.engine.compatibilityMode(IF)).isEqualTo(2);
        }
    }

    @Test
    void forcedIgmpv2ReportsAndLeavesMatchTheKernels() throws Exception {
        LabRequirement.require();
        LabRequirement.requireCommand("python3");
        try (Session s = new Session(2)) {
            s.ops("join", "JOIN 1 " + G1);
            s.ops("source-specific join reads as a join", "SSM 2 " + SSM + " " + S1);
            s.query("v3 general query read as v2", MembershipQuery.v3(0, SourceList.EMPTY, 10, false, 2, 125));
            s.query("v2 group-specific query", MembershipQuery.v2(Ipv4.parse(G1), 10));
            s.ops("a second socket on the same group: no change", "JOIN 3 " + G1);
            s.ops("the last reporter leaves", "LEAVE 1 " + G1, "LEAVE 3 " + G1);
            s.ops("source-specific leave", "DROPSRC 2 " + SSM + " " + S1);
        }
    }

    /** One kernel host, one tap, one engine, stepped together. */
    static final class Session implements AutoCloseable {
        final NetnsLab lab = NetnsLab.create("ihc");
        final HostEngine engine;
        final BlockingQueue<String> kernelOut = new LinkedBlockingQueue<>();
        final BlockingQueue<String> tapOut = new LinkedBlockingQueue<>();
        final OutputStream kernelIn, tapIn;
        final Map<String, Map<Integer, SocketState>> sockets = new HashMap<>();
        final int version;
        long now = 1_000_000;

        record SocketState(FilterMode mode, TreeSet<Integer> sources) {}

        Session(int version) throws IOException, InterruptedException {
            this.version = version;
            String k = lab.namespace("k");
            String q = lab.namespace("q");
            lab.veth(k, "eth0", q, "tap0");
            lab.address(k, "eth0", KERNEL + "/24");
            lab.address(q, "tap0", TAP + "/24");
            // v2 repeats its unsolicited Report after up to 10 s by default; 1 s keeps steps short on both sides
            lab.sysctl(k, "net.ipv4.conf.eth0.igmpv2_unsolicited_report_interval", "1000");
            lab.sysctl(k, "net.ipv4.conf.eth0.igmpv3_unsolicited_report_interval", "1000");
            if (version == 2) lab.sysctl(k, "net.ipv4.conf.eth0.force_igmp_version", "2");
            HostConfig cfg = new HostConfig(2, 125_000, 10_000, 1_000, 1_000, HostConfig.DEFAULT_MTU, version);
            long seed = new SplittableRandom().nextLong();
            System.out.println("host comparison engine seed " + seed);
            engine = new HostEngine(cfg, new SplittableRandom(seed));
            engine.addInterface(IF, Ipv4.parse(KERNEL));

            Process tap = lab.spawn(q, ProcessBuilder.Redirect.PIPE, "python3", "-u", "-c", script("wire_tap.py"), "tap0");
            Process kernel = lab.spawn(k, ProcessBuilder.Redirect.PIPE, "python3", "-u", "-c", script("kernel_host.py"), KERNEL);
            pump(tap.getInputStream(), tapOut);
            pump(kernel.getInputStream(), kernelOut);
            tapIn = tap.getOutputStream();
            kernelIn = kernel.getOutputStream();
            String ready = tapOut.poll(20, TimeUnit.SECONDS);
            if (!"READY".equals(ready)) throw new IllegalStateException("packet tap did not start: " + ready + " " + String.join(" ", tapOut));
            Thread.sleep(300);
            tapOut.clear(); // whatever the kernel said when the link came up is not part of any step
        }

        /** Socket calls, applied to the kernel and (as the resulting socket state) to the engine. */
        void ops(String step, String... commands) throws Exception {
            for (String c : commands) {
                kernelIn.write((c + "\n").getBytes(StandardCharsets.US_ASCII));
                kernelIn.flush();
                String answer = kernelOut.poll(10, TimeUnit.SECONDS);
                assertThat(answer).as("kernel host answer to '%s'", c).isEqualTo("OK");
                applyToEngine(c);
            }
            compare(step);
        }

        void query(String step, MembershipQuery q) throws Exception {
            query(step, q, null, null);
        }

        /** A query where the kernel is known to answer differently: each side must send exactly what is given. */
        void query(String step, MembershipQuery q, List<String> kernelSends, List<String> engineSends) throws Exception {
            int dst = q.isGeneral() ? Ipv4.ALL_SYSTEMS : q.group();
            int len = q.encodedLength();
            Ipv4Header ip = Ipv4Header.forIgmp(Ipv4.parse(TAP), dst, len, true);
            byte[] pkt = new byte[ip.headerLength() + len];
            int hl = ip.write(pkt, 0);
            IgmpEncoder.encode(q, pkt, hl);
            tapIn.write((HexFormat.of().formatHex(pkt) + "\n").getBytes(StandardCharsets.US_ASCII));
            tapIn.flush();
            engine.handle(now, IF, Ipv4.parse(TAP), dst, q);
            if (kernelSends == null) {
                compare(step);
                return;
            }
            List<List<String>> sent = collect(step);
            assertThat(new TreeSet<>(sent.get(0))).as("step '%s': kernel", step).isEqualTo(new TreeSet<>(kernelSends));
            assertThat(new TreeSet<>(sent.get(1))).as("step '%s': engine", step).isEqualTo(new TreeSet<>(engineSends));
        }

        private void applyToEngine(String command) {
            String[] p = command.split(" ");
            String sock = p[1];
            int group = Ipv4.parse(p[2]);
            Map<Integer, SocketState> bySocket = sockets.computeIfAbsent(sock, x -> new HashMap<>());
            SocketState cur = bySocket.getOrDefault(group, new SocketState(FilterMode.INCLUDE, new TreeSet<>()));
            TreeSet<Integer> src = new TreeSet<>(cur.sources());
            SocketState next = switch (p[0]) {
                case "JOIN" -> new SocketState(FilterMode.EXCLUDE, new TreeSet<>());
                case "LEAVE" -> new SocketState(FilterMode.INCLUDE, new TreeSet<>());
                case "BLOCK" -> { src.add(Ipv4.parse(p[3])); yield new SocketState(FilterMode.EXCLUDE, src); }
                case "UNBLOCK" -> { src.remove(Ipv4.parse(p[3])); yield new SocketState(FilterMode.EXCLUDE, src); }
                case "SSM" -> { src.add(Ipv4.parse(p[3])); yield new SocketState(FilterMode.INCLUDE, src); }
                case "DROPSRC" -> { src.remove(Ipv4.parse(p[3])); yield new SocketState(FilterMode.INCLUDE, src); }
                default -> throw new IllegalArgumentException(command);
            };
            bySocket.put(group, next);
            long socketId = Long.parseLong(sock);
            engine.listen(now, socketId, IF, group, next.mode(), SourceList.of(next.sources().stream().mapToInt(Integer::intValue).toArray()));
        }

        /** Waits out the step on the wire, runs the engine through the same span, and compares what both sent. */
        private void compare(String step) throws InterruptedException {
            List<List<String>> sent = collect(step);
            assertThat(new TreeSet<>(sent.get(1))).as("step '%s': engine vs kernel (kernel sent %s)", step, sent.get(0))
                    .isEqualTo(new TreeSet<>(sent.get(0)));
        }

        /** What the kernel and the engine sent during one step: [kernel, engine]. */
        private List<List<String>> collect(String step) throws InterruptedException {
            Thread.sleep(WINDOW_MS);
            List<String> kernel = new ArrayList<>();
            for (String line; (line = tapOut.poll()) != null; ) {
                if (!line.startsWith("PKT ")) throw new IllegalStateException("packet tap: " + line);
                byte[] b = HexFormat.of().parseHex(line.substring(4));
                IgmpPacket.ParseOutcome o = IgmpPacket.parse(b, 0, b.length);
                assertThat(o.ok()).as("kernel packet parses: %s", o.malformed()).isTrue();
                if (o.packet().ip().source() != Ipv4.parse(KERNEL)) continue;
                assertThat(o.packet().ip().routerAlert()).as("kernel report carries Router Alert").isTrue();
                kernel.addAll(describe(o.packet().ip().destination(), o.packet().message()));
            }
            List<String> mine = new ArrayList<>();
            long until = now + 10_000;
            for (Transmit t; (t = engine.pollTransmit()) != null; ) mine.addAll(describe(t.destination(), t.message()));
            while (engine.nextDeadline() <= until) {
                now = engine.nextDeadline();
                engine.handleTimeout(now);
                for (Transmit t; (t = engine.pollTransmit()) != null; ) mine.addAll(describe(t.destination(), t.message()));
            }
            now = until;
            System.out.println("step '" + step + "': kernel " + new TreeSet<>(kernel) + ", engine " + new TreeSet<>(mine));
            return List.of(kernel, mine);
        }

        @Override
        public void close() {
            lab.close();
        }
    }

    /** Record-level description, sources sorted; v3 records are listed one by one, older messages whole. */
    static List<String> describe(int destination, IgmpMessage m) {
        String to = " -> " + Ipv4.format(destination);
        return switch (m) {
            case V3MembershipReport r -> {
                List<String> out = new ArrayList<>();
                for (GroupRecord gr : r.records()) {
                    TreeSet<Long> s = new TreeSet<>();
                    for (int i = 0; i < gr.sources().size(); i++) s.add(gr.sources().get(i) & 0xFFFFFFFFL);
                    List<String> names = s.stream().map(x -> Ipv4.format((int) (long) x)).toList();
                    out.add(gr.recordType().shortName() + " " + Ipv4.format(gr.group()) + " " + names + to);
                }
                yield out;
            }
            case V2MembershipReport r -> List.of("V2_REPORT " + Ipv4.format(r.group()) + to);
            case V1MembershipReport r -> List.of("V1_REPORT " + Ipv4.format(r.group()) + to);
            case LeaveGroup l -> List.of("LEAVE " + Ipv4.format(l.group()) + to);
            default -> List.of("OTHER " + m + to);
        };
    }

    static String script(String name) throws IOException {
        try (InputStream in = KernelHostComparisonTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void pump(InputStream in, BlockingQueue<String> out) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) out.add(line.strip());
            } catch (IOException closed) {
                // the process ended with the lab
            }
        }, "hostcompare-reader");
        t.setDaemon(true);
        t.start();
    }
}
