package net.igmp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.igmp.wire.GroupRecord;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.IgmpParser;
import net.igmp.wire.IgmpView;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.ParseResult;
import net.igmp.wire.RecordType;
import net.igmp.wire.SourceList;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.IGMP;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse and encode throughput of this codec beside ONOS's {@code org.onlab.packet.IGMP} (onlab-misc 2.7.0) on the
 * same bytes, and the zero-copy view. Run with {@code -prof gc} for allocation per operation; see docs/wire.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CodecBench {

    /** v2Report: 8 octets; v3GeneralQuery: 12 octets; v3Report20x4: 20 records of 4 sources, 488 octets. */
    @Param({"v2Report", "v3GeneralQuery", "v3Report20x4"})
    public String message;

    private byte[] wire;
    private IgmpMessage value;
    private IGMP onosValue;
    private final byte[] out = new byte[2048];
    private final IgmpView view = new IgmpView();

    static IgmpMessage build(String name) {
        return switch (name) {
            case "v2Report" -> new V2MembershipReport(0xEF010203);
            case "v3GeneralQuery" -> MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125);
            case "v3Report20x4" -> {
                List<GroupRecord> records = new ArrayList<>();
                for (int g = 0; g < 20; g++) {
                    int[] sources = new int[4];
                    for (int s = 0; s < 4; s++) sources[s] = 0x0A000000 | (g << 8) | (s + 1);
                    records.add(new GroupRecord(RecordType.MODE_IS_INCLUDE, 0xE8010000 | g, SourceList.of(sources)));
                }
                yield new V3MembershipReport(records);
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Setup
    public void setup() throws DeserializationException {
        value = build(message);
        wire = IgmpEncoder.toBytes(value);
        onosValue = IGMP.deserializer().deserialize(wire, 0, wire.length);
        // Both codecs must read the same thing, or the comparison means nothing.
        int expectGroups = value instanceof V3MembershipReport r ? r.records().size() : 1;
        if (onosValue.getGroups().size() != expectGroups || onosValue.getIgmpType() != (byte) value.type())
            throw new IllegalStateException("ONOS read " + onosValue + " from " + message);
        if (!(IgmpParser.parse(wire) instanceof ParseResult.Parsed p) || !p.message().equals(value) || !p.checksumValid())
            throw new IllegalStateException("round trip of " + message);
        if (message.equals("v3Report20x4") && onosValue.getGroups().get(19).getSources().size() != 4)
            throw new IllegalStateException("ONOS sources");
    }

    @Benchmark
    public ParseResult parse() {
        return IgmpParser.parse(wire, 0, wire.length);
    }

    @Benchmark
    public IGMP onosParse() throws DeserializationException {
        return IGMP.deserializer().deserialize(wire, 0, wire.length);
    }

    /** The router's fast path: check the lengths, then read type, group, every record header and source. */
    @Benchmark
    public long view() {
        IgmpView v = view;
        if (!v.wrap(wire, 0, wire.length)) return -1;
        long sum = v.type() + v.group();
        if (v.type() == IgmpMessage.TYPE_V3_MEMBERSHIP_REPORT) {
            for (int r = v.firstRecord(); r >= 0; r = v.nextRecord(r)) {
                sum += v.recordType(r) + v.recordGroup(r);
                for (int i = 0, n = v.recordSourceCount(r); i < n; i++) sum += v.recordSource(r, i);
            }
        } else if (v.type() == IgmpMessage.TYPE_MEMBERSHIP_QUERY) {
            sum += v.maxRespCode() + v.qrv() + v.qqic() + v.sourceCount();
        }
        return sum;
    }

    @Benchmark
    public int encode() {
        return IgmpEncoder.encode(value, out, 0);
    }

    @Benchmark
    public byte[] onosEncode() {
        return onosValue.serialize();
    }
}
