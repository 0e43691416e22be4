package net.igmp.wire;

/**
 * A Membership Query of any version, an immutable value (equal by content). The version is not a field on the
 * wire: it follows from the length and the Max Resp Code (RFC 9776 section 7.1): 8 octets with code 0 is v1,
 * 8 octets otherwise v2, 12 or more v3.
 */
public final class MembershipQuery implements IgmpMessage {
    // The small fields packed into one int, so that a parsed query takes 24 octets of heap rather than 40: on the
    // receive path it is made per packet. The low 12 bits are the S, QRV and QQIC bits as they lie on the wire
    // (octets 8 and 9 less the Resv bits), so that the parser copies them with one mask: QQIC bits 0-7, QRV 8-10,
    // S 11; then Max Resp Code bits 12-19 and the version bits 20-21.
    private final int bits;
    private final int group;
    private final SourceList sources;

    public MembershipQuery(int version, int maxRespCode, int group, boolean suppressRouterProcessing,
                           int qrv, int qqic, SourceList sources) {
        // One cheap test; the reason is worked out only when it fails.
        if (version < 1 || version > 3 || ((maxRespCode | qqic) >>> 8) != 0 || (qrv >>> 3) != 0 || sources == null
                || sources.size() > 0xFFFF
                || version < 3 && ((version == 1) != (maxRespCode == 0) || suppressRouterProcessing || qrv != 0 || qqic != 0 || !sources.isEmpty()))
            throw invalid(version, maxRespCode, suppressRouterProcessing, qrv, qqic, sources);
        this.bits = version << 20 | maxRespCode << 12 | (suppressRouterProcessing ? 1 << 11 : 0) | qrv << 8 | qqic;
        this.group = group;
        this.sources = sources;
    }

    /** For the parser, whose fields are in range by construction (octets, 3-bit QRV, at most 65535 sources). */
    private MembershipQuery(int bits, int group, SourceList sources) {
        this.bits = bits;
        this.group = group;
        this.sources = sources;
    }

    /** A v1 (code 0) or v2 query of 8 octets (RFC 9776 section 7.1), as read by the parser. */
    static MembershipQuery parsedV1V2(int maxRespCode, int group) {
        return new MembershipQuery((maxRespCode == 0 ? 1 : 2) << 20 | maxRespCode << 12, group, SourceList.EMPTY);
    }

    /**
     * A v3 query as read by the parser: {@code maxRespCode} an octet, {@code sqrvQqic} octets 8 and 9 of the
     * message (Resv, S, QRV, QQIC; the Resv bits are dropped here, as section 4.1.4 says receivers ignore them).
     */
    static MembershipQuery parsedV3(int maxRespCode, int group, int sqrvQqic, SourceList sources) {
        return new MembershipQuery(3 << 20 | maxRespCode << 12 | sqrvQqic & 0x0FFF, group, sources);
    }

    /** 1, 2 or 3. */
    public int version() { return bits >>> 20; }

    /** The raw Max Resp Code octet (v1: always 0; v2: tenths of a second; v3: float code). */
    public int maxRespCode() { return (bits >>> 12) & 0xFF; }

    /** 0 for a general query, else the group asked about. */
    public int group() { return group; }

    /** The S flag (v3 only, RFC 9776 section 4.1.5). */
    public boolean suppressRouterProcessing() { return (bits & (1 << 11)) != 0; }

    /** Querier's Robustness Variable, 0..7 (v3 only, section 4.1.6). */
    public int qrv() { return (bits >>> 8) & 0x7; }

    /** Querier's Query Interval Code (v3 only, section 4.1.7). */
    public int qqic() { return bits & 0xFF; }

    /** Source addresses of a group-and-source-specific query (v3 only). */
    public SourceList sources() { return sources; }

    @Override
    public boolean equals(Object o) {
        return o instanceof MembershipQuery q && q.bits == bits && q.group == group && q.sources.equals(sources);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * bits + group) + sources.hashCode();
    }

    @Override
    public String toString() {
        return "MembershipQuery[version=" + version() + ", maxRespCode=" + maxRespCode() + ", group=" + group
                + ", suppressRouterProcessing=" + suppressRouterProcessing() + ", qrv=" + qrv() + ", qqic=" + qqic()
                + ", sources=" + sources + "]";
    }

    private static IllegalArgumentException invalid(int version, int maxRespCode, boolean s, int qrv, int qqic, SourceList sources) {
        String why;
        if (version < 1 || version > 3) why = "query version must be 1, 2 or 3: " + version;
        else if (maxRespCode < 0 || maxRespCode > 0xFF) why = "Max Resp Code out of 0..255: " + maxRespCode;
        else if (version == 1 && maxRespCode != 0) why = "a v1 query has Max Resp Code 0";
        else if (version == 2 && maxRespCode == 0) why = "a v2 query with Max Resp Code 0 would read as v1";
        else if (qrv < 0 || qrv > 7) why = "QRV out of 0..7: " + qrv;
        else if (qqic < 0 || qqic > 0xFF) why = "QQIC out of 0..255: " + qqic;
        else if (sources == null) why = "sources must not be null (use SourceList.EMPTY)";
        else if (sources.size() > 0xFFFF) why = "more than 65535 sources";
        else why = "S, QRV, QQIC and sources exist only in v3 queries";
        return new IllegalArgumentException(why);
    }

    public static MembershipQuery v1General() {
        return new MembershipQuery(1, 0, 0, false, 0, 0, SourceList.EMPTY);
    }

    /** A v2 query; {@code maxRespTenths} is in tenths of a second, 1..255. */
    public static MembershipQuery v2(int group, int maxRespTenths) {
        return new MembershipQuery(2, maxRespTenths, group, false, 0, 0, SourceList.EMPTY);
    }

    /** A v3 query with the times given in natural units, encoded to the nearest code not above them. */
    public static MembershipQuery v3(int group, SourceList sources, int maxRespTenths, boolean s, int qrv, int queryIntervalS) {
        return new MembershipQuery(3, FloatCode.encode(maxRespTenths), group, s, qrv > 7 ? 0 : qrv,
                FloatCode.encode(queryIntervalS), sources);
    }

    @Override
    public int type() {
        return TYPE_MEMBERSHIP_QUERY;
    }

    @Override
    public int encodedLength() {
        return version() == 3 ? 12 + 4 * sources.size() : 8;
    }

    public boolean isGeneral() {
        return group == 0;
    }

    /** Max Resp Time in tenths of a second: v2 codes are linear, v3 codes floating (section 4.1.1). */
    public int maxRespTimeTenths() {
        return version() == 3 ? FloatCode.decode(maxRespCode()) : maxRespCode();
    }

    /** Max Resp Time in milliseconds as coded; 0 for a v1 query, whose hosts use 10 s (RFC 2236 section 4). */
    public long maxResponseTimeMs() {
        return 100L * maxRespTimeTenths();
    }

    /** Querier's Query Interval in seconds, decoded from QQIC (section 4.1.7); 0 unless v3. */
    public int queryIntervalS() {
        return FloatCode.decode(qqic());
    }
}
