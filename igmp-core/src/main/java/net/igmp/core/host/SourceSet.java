package net.igmp.core.host;

import java.util.Arrays;
import net.igmp.wire.SourceList;

/** Source sets as sorted, duplicate-free {@code int[]}: the set algebra of RFC 9776 sections 3.2, 5.1 and 5.2. */
final class SourceSet {
    static final int[] EMPTY = new int[0];

    private SourceSet() {}

    static int[] of(SourceList list) {
        if (list.isEmpty()) return EMPTY;
        int[] a = list.toArray();
        Arrays.sort(a);
        int n = 0;
        for (int i = 0; i < a.length; i++) if (i == 0 || a[i] != a[i - 1]) a[n++] = a[i];
        return n == a.length ? a : Arrays.copyOf(a, n);
    }

    static boolean contains(int[] s, int x) {
        return Arrays.binarySearch(s, x) >= 0;
    }

    static int[] union(int[] a, int[] b) {
        if (a.length == 0) return b;
        if (b.length == 0) return a;
        int[] r = new int[a.length + b.length];
        int i = 0, j = 0, n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) r[n++] = a[i++];
            else if (a[i] > b[j]) r[n++] = b[j++];
            else { r[n++] = a[i++]; j++; }
        }
        while (i < a.length) r[n++] = a[i++];
        while (j < b.length) r[n++] = b[j++];
        return n == r.length ? r : Arrays.copyOf(r, n);
    }

    static int[] intersect(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) return EMPTY;
        int[] r = new int[Math.min(a.length, b.length)];
        int i = 0, j = 0, n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) i++;
            else if (a[i] > b[j]) j++;
            else { r[n++] = a[i++]; j++; }
        }
        return n == 0 ? EMPTY : n == r.length ? r : Arrays.copyOf(r, n);
    }

    /** a - b */
    static int[] minus(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) return a;
        int[] r = new int[a.length];
        int i = 0, j = 0, n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) r[n++] = a[i++];
            else if (a[i] > b[j]) j++;
            else { i++; j++; }
        }
        while (i < a.length) r[n++] = a[i++];
        return n == 0 ? EMPTY : n == r.length ? r : Arrays.copyOf(r, n);
    }

    /** (a - b) + (b - a): the sources whose forwarding changed when a list changes from a to b in one mode. */
    static int[] symmetricDifference(int[] a, int[] b) {
        return union(minus(a, b), minus(b, a));
    }

    static SourceList toList(int[] s) {
        return s.length == 0 ? SourceList.EMPTY : SourceList.of(s);
    }
}
