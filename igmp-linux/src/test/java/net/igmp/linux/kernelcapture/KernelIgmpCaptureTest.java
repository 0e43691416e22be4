package net.igmp.linux.kernelcapture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.igmp.linux.lab.LabRequirement;
import net.igmp.linux.lab.NetnsLab;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpPacket;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.V1MembershipReport;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;
import net.igmp.wire.pcap.Frame;
import net.igmp.wire.pcap.LinkType;
import net.igmp.wire.pcap.PcapReader;
import net.igmp.linux.lab.KernelLab;

/**
 * Proof against the Linux kernel's own IGMP: hosts in network namespaces join and leave groups through ordinary
 * sockets, the kernel sends its reports and leaves, a capture on the shared bridge records them, and the codec
 * must decode every one to what the sockets asked for. {@code force_igmp_version} makes hosts speak v2 and v1.
 */
@KernelLab
class KernelIgmpCaptureTest {
    private static final String V3_HOST = "10.88.0.3", V2_HOST = "10.88.0.2", V1_HOST = "10.88.0.4";
    private static final int ASM_GROUP = Ipv4.parse("239.7.7.7"), SSM_GROUP = Ipv4.parse("232.7.7.7"),
            SSM_SOURCE = Ipv4.parse("10.88.0.99"), V2_GROUP = Ipv4.parse("239.8.8.8"), V1_GROUP = Ipv4.parse("239.9.9.9");

    @TempDir
    Path dir;

    @Test
    void kernelReportsAndLeavesOfEveryVersionDecodeToWhatTheSocketsAskedFor() throws Exception {
        LabRequirement.require();
        LabRequirement.requireCommand("python3");
        Path helper = igmplabScript();
        Path pcap = dir.resolve("kernel.pcap");
        Path captureLog = dir.resolve("capture.log");
        try (NetnsLab lab = NetnsLab.create("igk")) {
            String sw = lab.namespace("sw");
            String h3 = lab.namespace("h3"), h2 = lab.namespace("h2"), h1 = lab.namespace("h1");
            for (String ns : List.of(sw, h3, h2, h1)) lab.sysctl(ns, "net.ipv6.conf.all.disable_ipv6", "1");
            lab.bridge(sw, "br0");
            lab.veth(h3, "eth0", sw, "p3");
            lab.veth(h2, "eth0", sw, "p2");
            lab.veth(h1, "eth0", sw, "p1");
            for (String port : List.of("p3", "p2", "p1")) lab.attach(sw, port, "br0");
            lab.address(h3, "eth0", V3_HOST + "/24");
            lab.address(h2, "eth0", V2_HOST + "/24");
            lab.address(h1, "eth0", V1_HOST + "/24");
            lab.sysctl(h2, "net.ipv4.conf.eth0.force_igmp_version", "2");
            lab.sysctl(h1, "net.ipv4.conf.eth0.force_igmp_version", "1");

            // The bridge device gets a copy of every multicast frame it floods: one capture sees all three hosts.
            Process capture = lab.spawn(sw, ProcessBuilder.Redirect.to(captureLog.toFile()),
                    "python3", helper.toString(), "capture", "br0", pcap.toString(), "30", "--igmp-only");
            awaitLine(captureLog, "capturing", capture);

            List<Process> members = new ArrayList<>();
            members.add(lab.spawn(h3, ProcessBuilder.Redirect.DISCARD, "python3", helper.toString(), "member", V3_HOST, "239.7.7.7", "--hold", "1"));
            members.add(lab.spawn(h2, ProcessBuilder.Redirect.DISCARD, "python3", helper.toString(), "member", V2_HOST, "239.8.8.8", "--hold", "1"));
            members.add(lab.spawn(h1, ProcessBuilder.Redirect.DISCARD, "python3", helper.toString(), "member", V1_HOST, "239.9.9.9", "--hold", "1"));
            for (Process p : members) assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("member finished").isTrue();
            Process ssm = lab.spawn(h3, ProcessBuilder.Redirect.DISCARD, "python3", helper.toString(), "member", V3_HOST, "232.7.7.7",
                    "--source", "10.88.0.99", "--hold", "1");
            assertThat(ssm.waitFor(20, TimeUnit.SECONDS)).isTrue();
            for (Process p : members) assertThat(p.exitValue()).as("member exit status").isZero();
            assertThat(ssm.exitValue()).isZero();
            Thread.sleep(300); // the leave of the last socket is on the wire
            capture.destroy(); // SIGTERM: the helper closes the file
            assertThat(capture.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        List<IgmpPacket> fromV3 = new ArrayList<>(), fromV2 = new ArrayList<>(), fromV1 = new ArrayList<>();
        List<Frame> frames = PcapReader.readAll(pcap);
        assertThat(frames).as("frames captured").isNotEmpty();
        for (Frame f : frames) {
            assertThat(f.linkType()).isEqualTo(LinkType.ETHERNET);
            int ip = f.ipv4Offset();
            assertThat(ip).as("frame %d carries IPv4", f.number()).isEqualTo(14);
            IgmpPacket.ParseOutcome r = IgmpPacket.parseIpv4(f.data(), ip, f.data().length - ip);
            assertThat(r.ok()).as("frame %d decodes: %s", f.number(), r.malformed() == null ? "" : r.malformed().describe()).isTrue();
            IgmpPacket p = r.packet();
            // What every kernel IGMP message carries (RFC 9776 section 4, RFC 2236 section 2, RFC 2113).
            assertThat(p.checksumValid()).as("frame %d checksum", f.number()).isTrue();
            assertThat(p.ip().ttl()).isEqualTo(1);
            assertThat(p.ip().routerAlert()).as("frame %d Router Alert", f.number()).isTrue();
            assertThat(p.ip().tos()).isEqualTo(Ipv4Header.TOS_INTERNETWORK_CONTROL);
            assertThat(p.ip().checksumValid()).isTrue();
            String src = Ipv4.format(p.ip().source());
            switch (src) {
                case V3_HOST -> fromV3.add(p);
                case V2_HOST -> fromV2.add(p);
                case V1_HOST -> fromV1.add(p);
                default -> throw new AssertionError("IGMP from an unexpected source " + src);
            }
        }

        // IGMPv3 host: state-change reports to 224.0.0.22 (RFC 9776 section 5.1): TO_EX {} on join, TO_IN {} on leave,
        // ALLOW {S} and BLOCK {S} for the source-specific membership.
        List<GroupRecord> records = new ArrayList<>();
        for (IgmpPacket p : fromV3) {
            assertThat(p.message()).isInstanceOf(V3MembershipReport.class);
            assertThat(p.ip().destination()).isEqualTo(Ipv4.ALL_IGMPV3_ROUTERS);
            records.addAll(((V3MembershipReport) p.message()).records());
        }
        GroupRecord join = new GroupRecord(RecordType.CHANGE_TO_EXCLUDE_MODE, ASM_GROUP, SourceList.EMPTY);
        GroupRecord leave = new GroupRecord(RecordType.CHANGE_TO_INCLUDE_MODE, ASM_GROUP, SourceList.EMPTY);
        GroupRecord allow = new GroupRecord(RecordType.ALLOW_NEW_SOURCES, SSM_GROUP, SourceList.of(SSM_SOURCE));
        GroupRecord block = new GroupRecord(RecordType.BLOCK_OLD_SOURCES, SSM_GROUP, SourceList.of(SSM_SOURCE));
        assertThat(records).as("v3 records in order").startsWith(join).contains(leave, allow, block);
        assertThat(records).containsOnly(join, leave, allow, block);
        assertThat(records.lastIndexOf(join)).isLessThan(records.indexOf(leave));
        assertThat(records.indexOf(leave)).isLessThan(records.indexOf(allow));
        assertThat(records.lastIndexOf(allow)).isLessThan(records.indexOf(block));

        // IGMPv2 host: a report sent to the group, then Leave Group to 224.0.0.2 (RFC 2236 sections 3 and 9).
        assertThat(fromV2).as("v2 messages").hasSizeGreaterThanOrEqualTo(2);
        assertThat(fromV2.getFirst().message()).isEqualTo(new V2MembershipReport(V2_GROUP));
        assertThat(fromV2.getFirst().ip().destination()).isEqualTo(V2_GROUP);
        IgmpPacket last = fromV2.getLast();
        assertThat(last.message()).isEqualTo(new LeaveGroup(V2_GROUP));
        assertThat(last.ip().destination()).isEqualTo(Ipv4.ALL_ROUTERS);
        assertThat(fromV2.subList(0, fromV2.size() - 1)).allSatisfy(p -> assertThat(p.message()).isEqualTo(new V2MembershipReport(V2_GROUP)));

        // IGMPv1 host: reports to the group only; version 1 has no leave (RFC 1112 appendix I).
        assertThat(fromV1).as("v1 messages").isNotEmpty().allSatisfy(p -> {
            assertThat(p.message()).isEqualTo(new V1MembershipReport(V1_GROUP));
            assertThat(p.ip().destination()).isEqualTo(V1_GROUP);
        });
    }

    private static void awaitLine(Path log, String line, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) return;
            if (!p.isAlive()) throw new AssertionError("capture helper exited: " + Files.readString(log));
            Thread.sleep(50);
        }
        throw new AssertionError("capture helper did not start: " + (Files.exists(log) ? Files.readString(log) : ""));
    }

    /** scripts/igmplab.py of this repository, found from the module directory Maven runs tests in. */
    private static Path igmplabScript() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("scripts").resolve("igmplab.py");
            if (Files.isRegularFile(p)) return p;
        }
        throw new AssertionError("scripts/igmplab.py not found above " + Path.of("").toAbsolutePath());
    }
}
