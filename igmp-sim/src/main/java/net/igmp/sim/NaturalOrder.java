package net.igmp.sim;

import java.util.Comparator;

/** Names in the order people count them: h0, h1, h2, h10 (runs of digits compare as numbers). */
final class NaturalOrder implements Comparator<String> {
    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {}

    @Override
    public int compare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i), y = b.charAt(j);
            if (isDigit(x) && isDigit(y)) {
                int si = i, sj = j;
                while (si < a.length() - 1 && a.charAt(si) == '0' && isDigit(a.charAt(si + 1))) si++; // leading zeros
                while (sj < b.length() - 1 && b.charAt(sj) == '0' && isDigit(b.charAt(sj + 1))) sj++;
                int ei = si, ej = sj;
                while (ei < a.length() && isDigit(a.charAt(ei))) ei++;
                while (ej < b.length() && isDigit(b.charAt(ej))) ej++;
                if (ei - si != ej - sj) return Integer.compare(ei - si, ej - sj); // more digits, larger number
                int c = a.substring(si, ei).compareTo(b.substring(sj, ej));
                if (c != 0) return c;
                i = ei;
                j = ej;
            } else {
                if (x != y) return Character.compare(x, y);
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b); // "h01" and "h1": still a fixed order
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
