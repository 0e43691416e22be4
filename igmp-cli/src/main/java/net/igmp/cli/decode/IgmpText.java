package net.igmp.cli.decode;

import java.util.HexFormat;

import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.IgmpPacket;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.MessageDescription;
import net.igmp.wire.QueryKind;
import net.igmp.wire.RecordType;
import net.igmp.wire.UnknownMessage;
import net.igmp.wire.V1MembershipReport;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;

/** Human-readable forms of a decoded packet: a detail view in the spirit of tshark -V, and a one-line summary. */
public final class IgmpText {
    private IgmpText() {}

    /**
     * The detail view. {@code igmpBytes}/{@code igmpOff} locate the raw message, for the octets the value does not
     * keep (the checksum as sent, a report's Max Resp Time octet).
     */
    public static String detail(IgmpPacket p, byte[] igmpBytes, int igmpOff) {
        StringBuilder sb = new StringBuilder();
        Ipv4Header ip = p.ip();
        if (ip != null) {
            sb.append("Internet Protocol Version 4, Src: ").append(Ipv4.format(ip.source()))
                    .append(", Dst: ").append(Ipv4.format(ip.destination())).append('\n');
            line(sb, 1, "Header Length: " + ip.headerLength() + " bytes (" + ip.headerLength() / 4 + ")");
            line(sb, 1, String.format("Type of Service: 0x%02x", ip.tos()));
            line(sb, 1, "Total Length: " + ip.totalLength());
            line(sb, 1, String.format("Identification: 0x%04x", ip.identification()));
            line(sb, 1, String.format("Flags: 0x%x%s, Fragment Offset: %d", ip.flagsFragment() >>> 13,
                    (ip.flagsFragment() & 0x4000) != 0 ? " (Don't fragment)" : "", ip.flagsFragment() & 0x1FFF));
            line(sb, 1, "Time to Live: " + ip.ttl());
            line(sb, 1, "Protocol: IGMP (" + ip.protocol() + ")");
            line(sb, 1, String.format("Header Checksum: 0x%04x [%s]", ip.headerChecksum(), ip.checksumValid() ? "correct" : "incorrect"));
            line(sb, 1, "Source Address: " + Ipv4.format(ip.source()));
            line(sb, 1, "Destination Address: " + Ipv4.format(ip.destination()));
            byte[] opts = ip.options();
            if (opts.length > 0) {
                line(sb, 1, "Options: (" + opts.length + " bytes)" + (ip.routerAlert() ? ", Router Alert" : ""));
                if (ip.routerAlert()) line(sb, 2, "IP Option - Router Alert (4 bytes): Router shall examine packet (0)");
                line(sb, 2, "Octets: " + HexFormat.ofDelimiter(" ").formatHex(opts));
            } else {
                line(sb, 1, "Options: none (no Router Alert)");
            }
        }
        IgmpMessage m = p.message();
        int code = igmpBytes[igmpOff + 1] & 0xFF;
        int checksum = ((igmpBytes[igmpOff + 2] & 0xFF) << 8) | (igmpBytes[igmpOff + 3] & 0xFF);
        String checksumLine = String.format("Checksum: 0x%04x [%s]", checksum, p.checksumValid() ? "correct" : "incorrect");
        sb.append("Internet Group Management Protocol\n");
        switch (m) {
            case MembershipQuery q -> {
                line(sb, 1, "[IGMP Version: " + q.version() + "]");
                line(sb, 1, "Type: Membership Query (0x11)");
                if (q.version() == 1) line(sb, 1, "Unused: 0x00");
                else line(sb, 1, String.format("Max Resp Time: %s sec (0x%02x)", tenths(q.maxRespTimeTenths()), code));
                line(sb, 1, checksumLine);
                line(sb, 1, "Multicast Address: " + Ipv4.format(q.group()) + " (" + QueryKind.of(q).label() + " query)");
                if (q.version() == 3) {
                    line(sb, 1, "S: " + (q.suppressRouterProcessing() ? "1, suppress router-side processing" : "0, do not suppress router-side processing"));
                    line(sb, 1, "QRV: " + q.qrv());
                    line(sb, 1, String.format("QQIC: %d sec (0x%02x)", q.queryIntervalS(), q.qqic()));
                    line(sb, 1, "Num Src: " + q.sources().size());
                    for (int i = 0; i < q.sources().size(); i++) line(sb, 1, "Source Address: " + Ipv4.format(q.sources().get(i)));
                }
                line(sb, 1, "[Max Response Time: " + q.maxResponseTimeMs() + " ms" + (q.version() == 1 ? ", hosts use 10 s" : "") + "]");
            }
            case V1MembershipReport r -> groupMessage(sb, 1, "Membership Report (0x12)", -1, checksumLine, r.group());
            case V2MembershipReport r -> groupMessage(sb, 2, "Membership Report (0x16)", code, checksumLine, r.group());
            case LeaveGroup l -> groupMessage(sb, 2, "Leave Group (0x17)", code, checksumLine, l.group());
            case V3MembershipReport r -> {
                line(sb, 1, "[IGMP Version: 3]");
                line(sb, 1, "Type: Membership Report (0x22)");
                line(sb, 1, checksumLine);
                line(sb, 1, "Num Group Records: " + r.records().size());
                for (GroupRecord g : r.records()) {
                    line(sb, 1, "Group Record: " + Ipv4.format(g.group()) + "  " + recordTitle(g));
                    line(sb, 2, "Record Type: " + recordTitle(g) + " (" + g.recordTypeCode() + ")");
                    line(sb, 2, "Num Src: " + g.sources().size());
                    line(sb, 2, "Multicast Address: " + Ipv4.format(g.group()));
                    for (int i = 0; i < g.sources().size(); i++) line(sb, 2, "Source Address: " + Ipv4.format(g.sources().get(i)));
                }
            }
            case UnknownMessage u -> {
                line(sb, 1, String.format("Type: Unknown (0x%02x)", u.type()));
                line(sb, 1, String.format("Code: 0x%02x", u.code()));
                line(sb, 1, checksumLine);
                line(sb, 1, "Data: " + u.body().length + " bytes" + (u.body().length == 0 ? "" : ": " + HexFormat.of().formatHex(u.body(), 0, Math.min(64, u.body().length)) + (u.body().length > 64 ? "..." : "")));
            }
        }
        return sb.toString();
    }

    /** One line, as in a packet list: what the message says. */
    public static String summary(IgmpPacket p) {
        StringBuilder sb = new StringBuilder(MessageDescription.text(p.message()));
        if (!p.checksumValid()) sb.append(" [bad checksum]");
        if (p.ip() != null) {
            if (p.ip().ttl() != 1) sb.append(" [ttl ").append(p.ip().ttl()).append(']');
            if (!p.ip().routerAlert() && !(p.message() instanceof V1MembershipReport)
                    && !(p.message() instanceof MembershipQuery q && q.version() == 1)) sb.append(" [no Router Alert]");
        }
        return sb.toString();
    }

    private static String recordTitle(GroupRecord g) {
        return switch (g.recordType()) {
            case MODE_IS_INCLUDE -> "Mode Is Include";
            case MODE_IS_EXCLUDE -> "Mode Is Exclude";
            case CHANGE_TO_INCLUDE_MODE -> "Change To Include Mode";
            case CHANGE_TO_EXCLUDE_MODE -> "Change To Exclude Mode";
            case ALLOW_NEW_SOURCES -> "Allow New Sources";
            case BLOCK_OLD_SOURCES -> "Block Old Sources";
            case UNKNOWN -> "Unknown record type";
        } + (g.recordType() == RecordType.UNKNOWN ? "" : " [" + g.recordType().shortName() + "]");
    }

    /** The fixed 8-octet messages (v1/v2 reports, Leave): {@code code} is the Max Resp Time octet, or -1 when v1 has none. */
    private static void groupMessage(StringBuilder sb, int version, String type, int code, String checksumLine, int group) {
        line(sb, 1, "[IGMP Version: " + version + "]");
        line(sb, 1, "Type: " + type);
        if (code >= 0) line(sb, 1, String.format("Max Resp Time: %s sec (0x%02x)", tenths(code), code));
        line(sb, 1, checksumLine);
        line(sb, 1, "Multicast Address: " + Ipv4.format(group));
    }

    private static String tenths(int t) {
        return (t / 10) + "." + (t % 10);
    }

    private static void line(StringBuilder sb, int indent, String text) {
        sb.append("    ".repeat(indent)).append(text).append('\n');
    }
}
