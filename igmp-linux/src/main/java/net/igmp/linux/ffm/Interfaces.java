package net.igmp.linux.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The interfaces of the calling thread's network namespace, read with getifaddrs(3). */
public final class Interfaces {
    private Interfaces() {}

    /**
     * One interface.
     *
     * @param ipv4 its IPv4 addresses, primary first, in network order as {@code int}s
     */
    public record Info(String name, int index, int flags, List<Integer> ipv4) {
        public boolean up() {
            return (flags & Libc.IFF_UP) != 0;
        }

        public boolean running() {
            return (flags & Libc.IFF_RUNNING) != 0;
        }

        public boolean multicast() {
            return (flags & Libc.IFF_MULTICAST) != 0;
        }

        /** The primary IPv4 address, or 0 when there is none. */
        public int primaryIpv4() {
            return ipv4.isEmpty() ? 0 : ipv4.getFirst();
        }
    }

    private static final long NEXT = Layouts.offset(Layouts.IFADDRS, "ifa_next");
    private static final long NAME = Layouts.offset(Layouts.IFADDRS, "ifa_name");
    private static final long FLAGS = Layouts.offset(Layouts.IFADDRS, "ifa_flags");
    private static final long ADDR = Layouts.offset(Layouts.IFADDRS, "ifa_addr");
    private static final long SIN_ADDR = Layouts.offset(Layouts.SOCKADDR_IN, "sin_addr");

    /** All interfaces by name, in the order the kernel lists them. */
    public static Map<String, Info> snapshot() throws ErrnoException {
        MemorySegment head = Libc.getifaddrs();
        Map<String, Integer> flags = new LinkedHashMap<>();
        Map<String, List<Integer>> addrs = new LinkedHashMap<>();
        try {
            MemorySegment p = head;
            while (!p.equals(MemorySegment.NULL)) {
                MemorySegment ifa = p.reinterpret(Layouts.IFADDRS.byteSize());
                String name = ifa.get(ADDRESS, NAME).reinterpret(256).getString(0);
                flags.putIfAbsent(name, ifa.get(JAVA_INT, FLAGS));
                addrs.computeIfAbsent(name, k -> new ArrayList<>());
                MemorySegment sa = ifa.get(ADDRESS, ADDR);
                if (!sa.equals(MemorySegment.NULL)) {
                    sa = sa.reinterpret(Layouts.SOCKADDR_IN.byteSize());
                    if (sa.get(JAVA_SHORT, 0) == Libc.AF_INET) addrs.get(name).add(sa.get(Layouts.BE_INT, SIN_ADDR));
                }
                p = ifa.get(ADDRESS, NEXT);
            }
        } finally {
            if (!head.equals(MemorySegment.NULL)) Libc.freeifaddrs(head);
        }
        Map<String, Info> out = new LinkedHashMap<>();
        for (var e : flags.entrySet()) {
            int index = Libc.ifNameToIndex(e.getKey());
            if (index == 0) continue; // gone between the two calls
            out.put(e.getKey(), new Info(e.getKey(), index, e.getValue(), List.copyOf(addrs.get(e.getKey()))));
        }
        return out;
    }
}
