package net.igmp.core.router;

/**
 * Explicit tracking: what one host last said about one group (the second and later hosts of a group; the
 * first is held inline in {@link Group}). v3 hosts do not suppress reports (RFC 9776
 * section 5.2), so the union of these is exact. {@code sources} is sorted (unsigned) and owned by this object.
 */
final class TrackedHost {
    static final int[] NONE = new int[0];

    final int address;
    boolean exclude;
    int[] sources = NONE;
    long lastHeard;

    TrackedHost(int address) {
        this.address = address;
    }
}
