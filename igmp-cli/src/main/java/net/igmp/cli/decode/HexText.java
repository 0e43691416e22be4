package net.igmp.cli.decode;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hexadecimal input as people paste it: a plain string of digits (spaces, colons and a {@code 0x} prefix allowed,
 * as in Wireshark's "Copy as Hex Stream"), or a dump with an offset column and perhaps a text column, as
 * {@code tshark -x}, {@code tcpdump -x}/{@code -xx}/{@code -X}, {@code xxd} and {@code hexdump -C} print it.
 *
 * <p>A dump starts at offset 0, on the first line or after lines of text (tcpdump's packet summary, tshark's
 * detail view), which are skipped. Each line's octets must reach the next line's offset, so a line lost in
 * pasting is an error, not a shorter packet.
 */
public final class HexText {
    private HexText() {}

    /**
     * An offset column: {@code 0x0000:} (tcpdump), {@code 00000000:} (xxd), or four or more digits followed by
     * two spaces or a tab (tshark, hexdump -C), which tells it from a plain group of digits.
     */
    private static final Pattern OFFSET = Pattern.compile("\\s*(?:0x([0-9A-Fa-f]{4,8}):?|([0-9A-Fa-f]{4,8}):|([0-9A-Fa-f]{4,8})(?=\\t| {2}))(?:\\s+|$)");
    private static final Pattern TOKEN = Pattern.compile("\\S+");

    /** The octets of {@code text}; {@link IllegalArgumentException} with a one-line message when it is not hex. */
    public static byte[] parse(String text) {
        List<String> lines = text.lines().toList();
        int first = dumpStart(lines);
        return first < 0 ? plain(text) : dump(lines, first);
    }

    /** The index of the line at offset 0 when the text is a dump, else -1. */
    private static int dumpStart(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            Matcher m = OFFSET.matcher(line);
            if (m.lookingAt()) return offset(m) == 0 ? i : -1;
            if (isPlainHex(line)) return -1; // plain digits come first: no dump follows a packet's own octets
        }
        return -1;
    }

    private static boolean isPlainHex(String line) {
        try {
            plain(line);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static long offset(Matcher m) {
        String digits = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        return Long.parseLong(digits, 16);
    }

    private static byte[] dump(List<String> lines, int first) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean ended = false;
        for (int i = first; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            Matcher m = OFFSET.matcher(line);
            if (!m.lookingAt()) { // text after the dump: the next packet's summary, say
                ended = true;
                continue;
            }
            long at = offset(m);
            if (at == 0 && out.size() > 0 || ended)
                throw new IllegalArgumentException("line " + (i + 1) + " starts a second packet: give one packet at a time");
            if (at != out.size())
                throw new IllegalArgumentException(String.format("line %d has offset 0x%04x, but the lines before it hold 0x%04x octets",
                        i + 1, at, out.size()));
            out.writeBytes(lineOctets(line.substring(m.end()), i + 1));
        }
        return out.toByteArray();
    }

    /**
     * The octets of one dump line after its offset. When a text column follows the digits, it shows the same
     * octets (printable ASCII as itself, anything else as '.'), which tells where the digits end even when the
     * text looks like hex.
     */
    private static byte[] lineOctets(String rest, int lineNumber) {
        List<Token> tokens = TOKEN.matcher(rest).results().map(r -> new Token(r.group(), r.end())).toList();
        int hexTokens = 0;
        while (hexTokens < tokens.size() && isOctets(tokens.get(hexTokens).text)) hexTokens++;
        for (int k = hexTokens; k > 0; k--) {
            byte[] b = octets(tokens.subList(0, k));
            String text = rest.substring(tokens.get(k - 1).end).strip();
            if (text.length() > 1 && text.startsWith("|") && text.endsWith("|")) text = text.substring(1, text.length() - 1).strip();
            if (!text.isEmpty() && text.equals(printable(b).strip())) return b;
        }
        if (hexTokens == tokens.size()) return octets(tokens);
        throw new IllegalArgumentException("line " + lineNumber + ": cannot tell its hex digits from its text column: '" + rest.strip() + "'");
    }

    private record Token(String text, int end) {}

    private static boolean isOctets(String token) {
        if (token.length() % 2 != 0) return false;
        for (int i = 0; i < token.length(); i++) if (Character.digit(token.charAt(i), 16) < 0) return false;
        return true;
    }

    private static byte[] octets(List<Token> tokens) {
        StringBuilder digits = new StringBuilder();
        for (Token t : tokens) digits.append(t.text);
        return toOctets(digits);
    }

    /** The text column of a dump line: printable ASCII as itself, every other octet as '.'. */
    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        for (byte x : b) sb.append(x >= 0x20 && x < 0x7F ? (char) x : '.');
        return sb.toString();
    }

    private static byte[] plain(String text) {
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
        return toOctets(digits);
    }

    private static byte[] toOctets(CharSequence digits) {
        byte[] b = new byte[digits.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(digits, 2 * i, 2 * i + 2, 16);
        return b;
    }
}
