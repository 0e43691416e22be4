package net.igmp.core.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.Ipv4;
import net.igmp.wire.V3MembershipReport;

/** A host engine driven by a manual clock. */
final class Harness {
    static final int IF = 1;
    static final int ADDR = Ipv4.parse("10.0.0.2");
    static final int ROUTER = Ipv4.parse("10.0.0.1");
    static final int OTHER_HOST = Ipv4.parse("10.0.0.3");

    final HostEngine host;
    long now = 1_000_000;

    Harness(HostConfig config, RandomGenerator random) {
        host = new HostEngine(config, random);
        host.addInterface(IF, ADDR);
    }

    Harness(RandomGenerator random) {
        this(HostConfig.defaults(), random);
    }

    static int g(String s) {
        return Ipv4.parse(s);
    }

    /** Everything queued now. */
    List<Transmit> drain() {
        List<Transmit> r = new ArrayList<>();
        for (Transmit t; (t = host.pollTransmit()) != null; ) r.add(t);
        return r;
    }

    /** Runs timers up to and including {@code until}, one deadline at a time; returns what was sent, with times. */
    List<Timed> runUntil(long until) {
        List<Timed> out = new ArrayList<>();
        for (Transmit t : drain()) out.add(new Timed(now, t));
        while (host.nextDeadline() <= until) {
            now = host.nextDeadline();
            host.handleTimeout(now);
            for (Transmit t : drain()) out.add(new Timed(now, t));
        }
        now = until;
        return out;
    }

    List<Timed> runFor(long ms) {
        return runUntil(now + ms);
    }

    record Timed(long at, Transmit transmit) {}

    /** "TO_EX 239.1.1.1 []" style strings of the records of a v3 report. */
    static List<String> records(Transmit t) {
        V3MembershipReport r = (V3MembershipReport) t.message();
        List<String> out = new ArrayList<>();
        for (GroupRecord gr : r.records()) out.add(describe(gr));
        return out;
    }

    static String describe(GroupRecord gr) {
        int[] s = gr.sources().toArray();
        Arrays.sort(s);
        StringBuilder b = new StringBuilder(gr.recordType().shortName()).append(' ').append(Ipv4.format(gr.group())).append(" [");
        for (int i = 0; i < s.length; i++) b.append(i > 0 ? ", " : "").append(Ipv4.format(s[i]));
        return b.append(']').toString();
    }
}
