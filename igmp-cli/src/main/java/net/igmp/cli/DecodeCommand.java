package net.igmp.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import net.igmp.cli.decode.HexText;
import net.igmp.cli.decode.IgmpJson;
import net.igmp.cli.decode.IgmpText;
import net.igmp.cli.decode.LinkLayer;
import net.igmp.wire.IgmpPacket;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.Malformed;
import net.igmp.wire.pcap.Frame;
import net.igmp.wire.pcap.LinkType;
import net.igmp.wire.pcap.PcapException;
import net.igmp.wire.pcap.PcapReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code igmp decode}: one message given in hex, or every IGMP packet of a capture file. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decodes IGMP messages given in hex, or every IGMP packet of a capture.", "",
                "A message is bare IGMP, an IPv4 packet that carries one, or an Ethernet frame (with VLAN tags) "
                        + "or Linux cooked capture that carries the packet. Hex may be a dump of tshark -x, "
                        + "tcpdump -x/-xx/-X, xxd or hexdump -C, offsets and text column included.",
                "Captures are pcap or pcapng (Ethernet with VLAN tags, raw IP, Linux cooked, BSD loopback), "
                        + "from a file, a FIFO or standard input (-), read as they arrive."},
        footer = {"", "Examples:",
                "  igmp decode 11 64 ee 9b 00 00 00 00",
                "  igmp decode --json 2200e9f90000000103000000ef010203",
                "  igmp decode --pcap samples/kernel-igmp.pcap",
                "  tshark -r samples/kernel-igmp.pcap -x -c 1 | igmp decode -",
                "  tcpdump -U -w - igmp | igmp decode --pcap -",
                "",
                "Exit status: 0 decoded; 65 malformed message, bad hex, input that is not IGMP,",
                "unreadable capture or unsupported link type;",
                "66 no such file; 64 usage error. In a capture, malformed IGMP packets are",
                "shown on their own line and decoding goes on."})
public final class DecodeCommand implements Callable<Integer> {
    /** sysexits EX_NOINPUT: the input file does not exist or cannot be read. */
    public static final int EX_NOINPUT = Main.EX_NOINPUT;

    @Parameters(paramLabel = "HEX", arity = "0..*",
            description = "The message in hexadecimal (spaces, colons and a 0x prefix allowed; it may span several arguments), "
                    + "or a hex dump with offsets; - reads it from standard input.")
    List<String> hex = new ArrayList<>();

    @Option(names = "--json", description = "One JSON object (per packet) instead of text.")
    boolean json;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Decode every IGMP packet in this capture, one per line; - reads standard input.")
    Path pcap;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try {
            if (pcap != null && !hex.isEmpty()) return usage(err, "give either HEX or --pcap FILE, not both");
            if (pcap != null) return decodeCapture(out, err);
            if (hex.isEmpty()) return usage(err, "give the message in HEX, or --pcap FILE");
            return decodeHex(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int usage(PrintWriter err, String problem) {
        err.println("igmp decode: " + problem);
        return Main.EX_USAGE;
    }

    private int decodeHex(PrintWriter out, PrintWriter err) {
        byte[] b;
        LinkLayer link;
        try {
            b = HexText.parse(hex.equals(List.of("-")) ? readStandardInput() : String.join(" ", hex));
            link = LinkLayer.find(b);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("igmp decode: " + e.getMessage());
            return Main.EX_DATAERR;
        }
        String notIgmp = link.notIgmp(b);
        if (notIgmp != null) {
            err.println("igmp decode: " + notIgmp);
            return Main.EX_DATAERR;
        }
        IgmpPacket.ParseOutcome r = IgmpPacket.parse(b, link.offset(), b.length - link.offset());
        if (!r.ok()) {
            err.println("igmp decode: malformed: " + r.malformed().shift(link.offset()).describe());
            return Main.EX_DATAERR;
        }
        IgmpPacket p = r.packet();
        if (json) {
            ObjectNode o = IgmpJson.put(IgmpJson.object(), p);
            if (link.json() != null) o.set("link", link.json());
            out.println(IgmpJson.toLine(o));
        } else {
            for (String layer : link.layers()) out.println(layer);
            out.print(IgmpText.detail(p, b, link.offset() + (p.ip() == null ? 0 : p.ip().headerLength())));
        }
        return 0;
    }

    private static String readStandardInput() {
        try {
            return new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
        }
    }

    private int decodeCapture(PrintWriter out, PrintWriter err) {
        boolean stdin = pcap.toString().equals("-");
        String name = stdin ? "standard input" : pcap.toString();
        if (!stdin) {
            String problem = !Files.exists(pcap) ? "no such file: " : Files.isDirectory(pcap) ? "a directory, not a capture: "
                    : !Files.isReadable(pcap) ? "cannot read " : null;
            if (problem != null) {
                err.println("igmp decode: " + problem + pcap);
                return EX_NOINPUT;
            }
        }
        // A pipe or a FIFO is read as it comes: every line is flushed, so that a live capture shows at once.
        boolean stream = stdin || !Files.isRegularFile(pcap);
        long first = Long.MIN_VALUE;
        int igmp = 0;
        try (PcapReader reader = stdin ? PcapReader.open(unclosable(System.in)) : PcapReader.open(pcap)) {
            if (!reader.isPcapng()) requireSupported(reader.linkType(), "");
            for (Frame f; (f = reader.next()) != null; ) {
                requireSupported(f.linkType(), "frame " + f.number() + ": ");
                if (first == Long.MIN_VALUE) first = f.epochNanos();
                int ipOff = f.ipv4Offset();
                if (ipOff < 0) continue;
                byte[] d = f.data();
                if (d.length - ipOff < 10 || (d[ipOff + 9] & 0xFF) != Ipv4Header.PROTOCOL_IGMP) continue; // not IGMP
                igmp++;
                IgmpPacket.ParseOutcome r = IgmpPacket.parseIpv4(d, ipOff, d.length - ipOff);
                double time = (f.epochNanos() - first) / 1e9;
                if (json) out.println(IgmpJson.toLine(jsonLine(f, time, r, d, ipOff)));
                else out.println(textLine(f, time, r, d, ipOff));
                if (stream) out.flush();
            }
        } catch (PcapException e) {
            out.flush();
            err.println("igmp decode: " + name + ": " + e.getMessage());
            return Main.EX_DATAERR;
        }
        if (igmp == 0 && !json) err.println("igmp decode: " + name + ": no IGMP packets");
        return 0;
    }

    private static void requireSupported(int linkType, String where) throws PcapException {
        if (!LinkType.isSupported(linkType))
            throw new PcapException(where + "link type " + LinkType.name(linkType) + " is not supported: igmp decode reads "
                    + "Ethernet, raw IP, Linux cooked and BSD loopback captures");
    }

    /** Standard input for a reader that closes what it reads: the stream stays open for the rest of the process. */
    private static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // not ours to close
            }
        };
    }

    private static ObjectNode jsonLine(Frame f, double time, IgmpPacket.ParseOutcome r, byte[] d, int ipOff) {
        ObjectNode o = IgmpJson.object();
        o.put("frame", f.number());
        o.put("time", Math.round(time * 1e6) / 1e6);
        o.put("timestamp", Instant.ofEpochSecond(0, f.epochNanos()).toString());
        if (r.ok()) return IgmpJson.put(o, r.packet());
        o.put("malformed", r.malformed().describe());
        if (Ipv4Header.parse(d, ipOff, d.length - ipOff) instanceof Ipv4Header ip) o.set("ip", IgmpJson.ip(ip));
        return o;
    }

    private static String textLine(Frame f, double time, IgmpPacket.ParseOutcome r, byte[] d, int ipOff) {
        boolean addresses = d.length - ipOff >= 20;
        String src = addresses ? Ipv4.format(getInt(d, ipOff + 12)) : "?";
        String dst = addresses ? Ipv4.format(getInt(d, ipOff + 16)) : "?";
        String what = r.ok() ? IgmpText.summary(r.packet()) : "malformed: " + r.malformed().describe();
        return String.format("%5d %11.6f  %-15s -> %-15s %s", f.number(), time, src, dst, what);
    }

    private static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
