package net.igmp.core.router;

/** Sets of IPv4 addresses as int arrays sorted in unsigned order (so they read in address order). */
final class SortedInts {
    private SortedInts() {}

    /** Index of {@code key} in {@code a[0..n)}, or {@code -(insertionPoint + 1)}. */
    static int indexOf(int[] a, int n, int key) {
        int lo = 0, hi = n - 1;
        int k = key ^ Integer.MIN_VALUE;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = a[mid] ^ Integer.MIN_VALUE;
            if (v < k) lo = mid + 1;
            else if (v > k) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    static boolean contains(int[] a, int n, int key) {
        return indexOf(a, n, key) >= 0;
    }

    /** Sorts {@code a[0..n)} in unsigned order, drops duplicates, returns the new length. */
    static int sortUnique(int[] a, int n) {
        for (int i = 0; i < n; i++) a[i] ^= Integer.MIN_VALUE;
        java.util.Arrays.sort(a, 0, n);
        int m = 0;
        for (int i = 0; i < n; i++) if (m == 0 || a[m - 1] != a[i]) a[m++] = a[i];
        for (int i = 0; i < m; i++) a[i] ^= Integer.MIN_VALUE;
        return m;
    }

    /** a ∪ b as a new array. */
    static int[] union(int[] a, int[] b, int nb) {
        int[] out = new int[a.length + nb];
        int i = 0, j = 0, k = 0;
        while (i < a.length && j < nb) {
            int c = Integer.compareUnsigned(a[i], b[j]);
            if (c < 0) out[k++] = a[i++];
            else if (c > 0) out[k++] = b[j++];
            else { out[k++] = a[i++]; j++; }
        }
        while (i < a.length) out[k++] = a[i++];
        while (j < nb) out[k++] = b[j++];
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }

    /** a − b as a new array (or {@code a} itself when nothing is removed). */
    static int[] minus(int[] a, int[] b, int nb) {
        int k = 0;
        int[] out = null;
        for (int i = 0; i < a.length; i++) {
            boolean drop = contains(b, nb, a[i]);
            if (drop && out == null) {
                out = new int[a.length];
                System.arraycopy(a, 0, out, 0, i);
                k = i;
            } else if (!drop && out != null) out[k++] = a[i];
        }
        return out == null ? a : java.util.Arrays.copyOf(out, k);
    }

    /** Whether every one of {@code b[0..nb)} is in {@code a}. */
    static boolean containsAll(int[] a, int[] b, int nb) {
        for (int k = 0; k < nb; k++) if (!contains(a, a.length, b[k])) return false;
        return true;
    }
}
