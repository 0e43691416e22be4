package net.igmp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import net.igmp.cli.decode.IgmpJson;
import net.igmp.cli.decode.IgmpText;
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
                "A message is bare IGMP or an IPv4 packet that carries one; captures are pcap or pcapng "
                        + "(Ethernet with VLAN tags, raw IP, Linux cooked)."},
        footer = {"", "Examples:",
                "  igmp decode 11 64 ee 9b 00 00 00 00",
                "  igmp decode --json 2200e9f90000000103000000ef010203",
                "  igmp decode --pcap samples/kernel-igmp.pcap",
                "",
                "Exit status: 0 decoded; 65 malformed message, bad hex or unreadable capture;",
                "66 no such file; 64 usage error. In a capture, malformed IGMP packets are",
                "shown on their own line and decoding goes on."})
public final class DecodeCommand implements Callable<Integer> {
    /** sysexits EX_NOINPUT: the input file does not exist or cannot be read. */
    public static final int EX_NOINPUT = Main.EX_NOINPUT;

    @Parameters(paramLabel = "HEX", arity = "0..*",
            description = "The message in hexadecimal; spaces, colons and a 0x prefix are allowed, and it may span several arguments.")
    List<String> hex = new ArrayList<>();

    @Option(names = "--json", description = "One JSON object (per packet) instead of text.")
    boolean json;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Decode every IGMP packet in this capture, one per line.")
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
        try {
            b = Hex.parse(String.join(" ", hex));
        } catch (IllegalArgumentException e) {
            err.println("igmp decode: " + e.getMessage());
            return Main.EX_DATAERR;
        }
        IgmpPacket.ParseOutcome r = IgmpPacket.parse(b, 0, b.length);
        if (!r.ok()) {
            err.println("igmp decode: malformed: " + r.malformed().describe());
            return Main.EX_DATAERR;
        }
        IgmpPacket p = r.packet();
        if (json) out.println(IgmpJson.toLine(IgmpJson.put(IgmpJson.object(), p)));
        else out.print(IgmpText.detail(p, b, p.ip() == null ? 0 : p.ip().headerLength()));
        return 0;
    }

    private int decodeCapture(PrintWriter out, PrintWriter err) {
        long first = Long.MIN_VALUE;
        int igmp = 0;
        if (!java.nio.file.Files.isRegularFile(pcap)) {
            err.println("igmp decode: " + (java.nio.file.Files.exists(pcap) ? "not a regular file: " : "no such file: ") + pcap);
            return EX_NOINPUT;
        }
        try (PcapReader reader = PcapReader.open(pcap)) {
            for (Frame f; (f = reader.next()) != null; ) {
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
            }
        } catch (PcapException e) {
            out.flush();
            err.println("igmp decode: " + pcap + ": " + e.getMessage());
            return Main.EX_DATAERR;
        }
        if (igmp == 0 && !json) err.println("igmp decode: " + pcap + ": no IGMP packets");
        return 0;
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

    /** Hexadecimal input as people paste it: from tshark, tcpdump -x, Wireshark's "copy as hex stream". */
    static final class Hex {
        private Hex() {}

        static byte[] parse(String text) {
            StringBuilder digits = new StringBuilder();
            String s = text.strip();
            if (s.startsWith("0x") || s.startsWith("0X")) s = s.substring(2);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c) || c == ':') continue;
                if (Character.digit(c, 16) < 0)
                    throw new IllegalArgumentException("not hexadecimal: '" + c + "' at character " + (i + 1) + " of the input");
                digits.append(c);
            }
            if (digits.isEmpty()) throw new IllegalArgumentException("no hexadecimal digits given");
            if (digits.length() % 2 != 0) throw new IllegalArgumentException("odd number of hex digits (" + digits.length() + "): one is missing");
            byte[] b = new byte[digits.length() / 2];
            for (int i = 0; i < b.length; i++)
                b[i] = (byte) Integer.parseInt(digits, 2 * i, 2 * i + 2, 16);
            return b;
        }
    }
}
