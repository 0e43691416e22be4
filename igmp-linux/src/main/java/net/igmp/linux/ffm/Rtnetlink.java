package net.igmp.linux.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A NETLINK_ROUTE socket subscribed to the kernel's link and IPv4 address notifications (RTM_NEWLINK,
 * RTM_DELLINK, RTM_NEWADDR, RTM_DELADDR), non-blocking so that the daemon polls it with its other descriptors.
 * The messages are parsed into {@link Event}s; a lost notification (ENOBUFS, the socket's buffer overran) or a
 * message that does not parse is reported as {@link Received#resync()}, after which the caller re-reads the
 * interfaces in full.
 */
public final class Rtnetlink implements AutoCloseable {

    public static final int RTMGRP_LINK = 0x1;
    public static final int RTMGRP_IPV4_IFADDR = 0x10;

    public static final short NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3, NLMSG_OVERRUN = 4;
    public static final short RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_NEWADDR = 20, RTM_DELADDR = 21;
    public static final short IFLA_IFNAME = 3;
    public static final short IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3;
    /** NLMSG_ALIGNTO and RTA_ALIGNTO. */
    public static final int ALIGNTO = 4;

    /** A notification about one interface (by kernel index). */
    public sealed interface Event {
        int index();
    }

    /** RTM_NEWLINK ({@code removed} false: created or changed) or RTM_DELLINK; {@code flags} are the IFF_ flags. */
    public record Link(boolean removed, int index, int flags, String name) implements Event {}

    /** RTM_NEWADDR or RTM_DELADDR of an IPv4 address (network order); {@code label} is the interface name or alias. */
    public record Address(boolean removed, int index, int address, int prefixLength, String label) implements Event {}

    /** What one read brought: the events, and whether some were lost or unreadable. */
    public record Received(List<Event> events, boolean resync) {}

    private static final long LEN = Layouts.offset(Layouts.NLMSGHDR, "nlmsg_len");
    private static final long TYPE = Layouts.offset(Layouts.NLMSGHDR, "nlmsg_type");
    private static final long HEADER = Layouts.NLMSGHDR.byteSize();
    private static final long IFI_INDEX = Layouts.offset(Layouts.IFINFOMSG, "ifi_index");
    private static final long IFI_FLAGS = Layouts.offset(Layouts.IFINFOMSG, "ifi_flags");
    private static final long IFA_FAMILY = Layouts.offset(Layouts.IFADDRMSG, "ifa_family");
    private static final long IFA_PREFIXLEN = Layouts.offset(Layouts.IFADDRMSG, "ifa_prefixlen");
    private static final long IFA_INDEX = Layouts.offset(Layouts.IFADDRMSG, "ifa_index");
    private static final long RTA_LEN = Layouts.offset(Layouts.RTATTR, "rta_len");
    private static final long RTA_TYPE = Layouts.offset(Layouts.RTATTR, "rta_type");
    private static final long RTA_HEADER = Layouts.RTATTR.byteSize();
    /** Most datagrams of the same kind read in one {@link #receive()}; the rest waits for the next poll round. */
    private static final int MAX_READS = 256;
    /** Large enough for any notification: the kernel builds them in at most a page (NLMSG_GOODSIZE). */
    private static final int BUFFER = 65536;
    private static final int RECEIVE_BUFFER = 1 << 20;

    private final int fd;
    private final MemorySegment buf = Arena.ofAuto().allocate(BUFFER, 8);

    private Rtnetlink(int fd) {
        this.fd = fd;
    }

    /** Opens a socket in the calling thread's network namespace, bound to the multicast {@code groups} (RTMGRP_ bits). */
    public static Rtnetlink open(int groups) throws ErrnoException {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, Libc.NETLINK_ROUTE);
        try (Arena a = Arena.ofConfined()) {
            // a burst of notifications (many containers starting at once) should not overrun the default buffer
            Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, RECEIVE_BUFFER);
            MemorySegment sa = a.allocate(Layouts.SOCKADDR_NL);
            sa.set(JAVA_SHORT, Layouts.offset(Layouts.SOCKADDR_NL, "nl_family"), (short) Libc.AF_NETLINK);
            sa.set(JAVA_INT, Layouts.offset(Layouts.SOCKADDR_NL, "nl_groups"), groups);
            Libc.bind(fd, sa);
        } catch (ErrnoException e) {
            closeQuietly(fd);
            throw e;
        }
        return new Rtnetlink(fd);
    }

    public int fd() {
        return fd;
    }

    /** Reads what is queued without blocking; an overrun (ENOBUFS) is reported as {@link Received#resync()}. */
    public Received receive() throws ErrnoException {
        List<Event> events = new ArrayList<>();
        boolean resync = false;
        for (int n = 0; n < MAX_READS; n++) {
            long r;
            try {
                r = Libc.read(fd, buf);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOBUFS) throw e;
                resync = true; // notifications were dropped; the socket itself goes on working
                continue;
            }
            if (r <= 0) break;
            Received one = parse(buf, r);
            events.addAll(one.events());
            resync |= one.resync();
        }
        return new Received(events, resync);
    }

    /**
     * Parses one datagram of netlink messages (in host byte order, as the kernel sends them). Messages of other
     * types and addresses of other families are skipped; a length that does not fit ends the parse with
     * {@code resync}.
     */
    public static Received parse(MemorySegment buf, long length) {
        List<Event> events = new ArrayList<>();
        long off = 0;
        while (length - off >= HEADER) {
            int len = buf.get(JAVA_INT_UNALIGNED, off + LEN);
            if (len < HEADER || len > length - off) return new Received(events, true);
            short type = buf.get(JAVA_SHORT_UNALIGNED, off + TYPE);
            MemorySegment body = buf.asSlice(off + HEADER, len - HEADER);
            switch (type) {
                case RTM_NEWLINK, RTM_DELLINK -> {
                    if (body.byteSize() < Layouts.IFINFOMSG.byteSize()) return new Received(events, true);
                    events.add(link(type == RTM_DELLINK, body));
                }
                case RTM_NEWADDR, RTM_DELADDR -> {
                    if (body.byteSize() < Layouts.IFADDRMSG.byteSize()) return new Received(events, true);
                    if (body.get(JAVA_BYTE, IFA_FAMILY) == Libc.AF_INET) events.add(address(type == RTM_DELADDR, body));
                }
                case NLMSG_OVERRUN, NLMSG_ERROR -> {
                    return new Received(events, true);
                }
                default -> {} // NLMSG_NOOP, NLMSG_DONE, other families' messages
            }
            off += align(len);
        }
        return new Received(events, off < length);
    }

    private static Link link(boolean removed, MemorySegment body) {
        String name = null;
        for (MemorySegment a = attributes(body, Layouts.IFINFOMSG.byteSize()); a != null; a = next(a)) {
            if (type(a) == IFLA_IFNAME) name = string(a);
        }
        return new Link(removed, body.get(JAVA_INT_UNALIGNED, IFI_INDEX), body.get(JAVA_INT_UNALIGNED, IFI_FLAGS), name);
    }

    private static Address address(boolean removed, MemorySegment body) {
        int local = 0, peer = 0;
        boolean hasLocal = false;
        String label = null;
        for (MemorySegment a = attributes(body, Layouts.IFADDRMSG.byteSize()); a != null; a = next(a)) {
            int len = a.get(JAVA_SHORT_UNALIGNED, RTA_LEN);
            switch (type(a)) {
                case IFA_LOCAL -> {
                    if (len >= RTA_HEADER + 4) {
                        local = a.get(Layouts.BE_INT.withByteAlignment(1), RTA_HEADER);
                        hasLocal = true;
                    }
                }
                case IFA_ADDRESS -> {
                    if (len >= RTA_HEADER + 4) peer = a.get(Layouts.BE_INT.withByteAlignment(1), RTA_HEADER);
                }
                case IFA_LABEL -> label = string(a);
                default -> {}
            }
        }
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS differs from it only on point-to-point links
        return new Address(removed, body.get(JAVA_INT_UNALIGNED, IFA_INDEX), hasLocal ? local : peer,
                Byte.toUnsignedInt(body.get(JAVA_BYTE, IFA_PREFIXLEN)), label);
    }

    /** The first attribute after a body's fixed struct, as a slice running to the body's end, or null. */
    private static MemorySegment attributes(MemorySegment body, long structSize) {
        long start = align(structSize);
        return start < body.byteSize() ? checked(body.asSlice(start)) : null;
    }

    private static MemorySegment next(MemorySegment a) {
        long step = align(a.get(JAVA_SHORT_UNALIGNED, RTA_LEN) & 0xffff);
        return step < a.byteSize() ? checked(a.asSlice(step)) : null;
    }

    /** The attribute at the start of {@code rest} when its length fits, else null (which ends the walk). */
    private static MemorySegment checked(MemorySegment rest) {
        if (rest.byteSize() < RTA_HEADER) return null;
        int len = rest.get(JAVA_SHORT_UNALIGNED, RTA_LEN) & 0xffff;
        return len >= RTA_HEADER && len <= rest.byteSize() ? rest : null;
    }

    private static short type(MemorySegment a) {
        return a.get(JAVA_SHORT_UNALIGNED, RTA_TYPE);
    }

    /** A NUL-terminated string attribute. */
    private static String string(MemorySegment a) {
        int len = (a.get(JAVA_SHORT_UNALIGNED, RTA_LEN) & 0xffff) - (int) RTA_HEADER;
        byte[] b = a.asSlice(RTA_HEADER, len).toArray(JAVA_BYTE);
        int end = 0;
        while (end < b.length && b[end] != 0) end++;
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    static long align(long n) {
        return (n + ALIGNTO - 1) & -ALIGNTO;
    }

    @Override
    public void close() {
        closeQuietly(fd);
    }

    private static void closeQuietly(int fd) {
        try {
            Libc.close(fd);
        } catch (ErrnoException ignored) {
            // nothing left to release
        }
    }
}
