package net.igmp.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded random IGMP messages of every kind, IPv4 headers to carry them, and wire variants that the encoder
 * never writes but a peer may send (auxiliary data, trailing octets, reserved bits set). Same seed, same messages.
 */
final class MessageGenerator {
    private static final int[] UNKNOWN_TYPES = {0x00, 0x01, 0x13, 0x14, 0x1e, 0x1f, 0x30, 0x31, 0x32, 0xff};

    private final RandomGenerator rng;

    MessageGenerator(RandomGenerator rng) {
        this.rng = rng;
    }

    /** A message of a random kind; sizes stay small enough for many thousands per second. */
    IgmpMessage next() {
        return switch (rng.nextInt(10)) {
            case 0 -> new MembershipQuery(1, 0, rng.nextInt(4) == 0 ? 0 : multicast(), false, 0, 0, SourceList.EMPTY);
            case 1 -> MembershipQuery.v2(rng.nextBoolean() ? 0 : multicast(), 1 + rng.nextInt(255));
            case 2, 3 -> v3Query();
            case 4 -> new V1MembershipReport(multicast());
            case 5 -> new V2MembershipReport(multicast());
            case 6 -> new LeaveGroup(multicast());
            case 7, 8 -> v3Report(rng.nextInt(6), 6);
            default -> unknown();
        };
    }

    MembershipQuery v3Query() {
        int kind = rng.nextInt(3); // general, group-specific, group-and-source-specific (RFC 9776 section 4.1.9)
        int group = kind == 0 ? 0 : multicast();
        SourceList sources = kind == 2 ? sources(1 + rng.nextInt(8)) : SourceList.EMPTY;
        return new MembershipQuery(3, rng.nextInt(256), group, rng.nextBoolean(), rng.nextInt(8), rng.nextInt(256), sources);
    }

    V3MembershipReport v3Report(int maxRecords, int maxSources) {
        int n = rng.nextInt(maxRecords + 1);
        List<GroupRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // Mostly the six defined types, sometimes an undefined one, which a report may still carry.
            int type = rng.nextInt(10) == 0 ? rng.nextInt(256) : 1 + rng.nextInt(6);
            records.add(new GroupRecord(type, multicast(), sources(rng.nextInt(maxSources + 1))));
        }
        return new V3MembershipReport(records);
    }

    UnknownMessage unknown() {
        byte[] body = new byte[4 + rng.nextInt(24)];
        rng.nextBytes(body);
        return new UnknownMessage(UNKNOWN_TYPES[rng.nextInt(UNKNOWN_TYPES.length)], rng.nextInt(256), body);
    }

    int multicast() {
        return 0xE0000000 | rng.nextInt(0x10000000);
    }

    SourceList sources(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = rng.nextInt();
        return SourceList.of(a);
    }

    /** An IPv4 header for a message of {@code igmpLength} octets, with random options among which Router Alert. */
    Ipv4Header ipv4(int igmpLength) {
        byte[] options = switch (rng.nextInt(5)) {
            case 0 -> new byte[0];
            case 1, 2 -> Ipv4Header.ROUTER_ALERT;
            case 3 -> Hex.bytes("01 94 04 00 00 00 00 00");             // NOP, Router Alert, End of Option List, padding
            default -> Hex.bytes("88 04 12 34 94 04 00 00 01 01 01 00"); // Stream ID, Router Alert, NOPs, EOL
        };
        return new Ipv4Header(rng.nextInt(256), 20 + options.length + igmpLength, rng.nextInt(0x10000),
                rng.nextBoolean() ? 0x4000 : 0, rng.nextInt(256), Ipv4Header.PROTOCOL_IGMP, 0, rng.nextInt(),
                multicast(), options);
    }

    /**
     * Bytes of {@code m} as a peer may send them: v3 reports with auxiliary data in some records, queries and
     * reports with reserved bits set or trailing octets. They must parse back to {@code m}.
     */
    byte[] wireVariant(IgmpMessage m) {
        byte[] canonical = IgmpEncoder.toBytes(m);
        byte[] out;
        switch (m) {
            case V3MembershipReport r -> {
                int aux = 0;
                int[] auxWords = new int[r.records().size()];
                for (int i = 0; i < auxWords.length; i++) aux += 4 * (auxWords[i] = rng.nextInt(3) == 0 ? rng.nextInt(4) : 0);
                int trailing = rng.nextInt(4) == 0 ? rng.nextInt(9) : 0;
                out = new byte[canonical.length + aux + trailing];
                System.arraycopy(canonical, 0, out, 0, 8);
                out[1] = (byte) rng.nextInt(256);                       // Reserved octets are ignored on receipt
                Ipv4.putShort(out, 4, rng.nextInt(0x10000));
                int p = 8, q = 8;
                for (int i = 0; i < auxWords.length; i++) {
                    int body = r.records().get(i).encodedLength();
                    System.arraycopy(canonical, q, out, p, body);
                    out[p + 1] = (byte) auxWords[i];
                    for (int k = 0; k < 4 * auxWords[i]; k++) out[p + body + k] = (byte) rng.nextInt(256);
                    p += body + 4 * auxWords[i];
                    q += body;
                }
                for (; p < out.length; p++) out[p] = (byte) rng.nextInt(256);
            }
            case MembershipQuery q when q.version() == 3 -> {
                int trailing = rng.nextInt(3) == 0 ? 1 + rng.nextInt(7) : 0; // section 4.1.10: extra octets are ignored
                out = new byte[canonical.length + trailing];
                System.arraycopy(canonical, 0, out, 0, canonical.length);
                out[8] |= (byte) (rng.nextInt(16) << 4);                      // Resv bits (section 4.1.4)
                for (int k = canonical.length; k < out.length; k++) out[k] = (byte) rng.nextInt(256);
            }
            case V1MembershipReport v -> out = withUnusedOctet(canonical);
            case V2MembershipReport v -> out = withUnusedOctet(canonical);
            case LeaveGroup v -> out = withUnusedOctet(canonical);
            case UnknownMessage u -> out = canonical.clone();
            case MembershipQuery q -> out = canonical.clone();
        }
        Ipv4.putShort(out, 2, 0);
        Ipv4.putShort(out, 2, InternetChecksum.compute(out, 0, out.length));
        return out;
    }

    /** Octet 1 of reports and leaves is unused: set to zero on send, ignored on receipt. */
    private byte[] withUnusedOctet(byte[] canonical) {
        byte[] out = canonical.clone();
        out[1] = (byte) rng.nextInt(256);
        return out;
    }

    /** {@code b} with a few random octets changed, cut or extended: input for the malformed paths. */
    byte[] mutate(byte[] b) {
        byte[] out = b.clone();
        switch (rng.nextInt(4)) {
            case 0 -> out = java.util.Arrays.copyOf(out, rng.nextInt(out.length + 1));
            case 1 -> out = java.util.Arrays.copyOf(out, out.length + 1 + rng.nextInt(12));
            default -> { }
        }
        int flips = 1 + rng.nextInt(3);
        for (int i = 0; i < flips && out.length > 0; i++) out[rng.nextInt(out.length)] = (byte) rng.nextInt(256);
        return out;
    }
}
