package net.igmp.linux.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc calls the Linux runtime needs, bound through {@code java.lang.foreign} (no JNI, nothing to compile).
 * Every call that sets errno is linked with {@code captureCallState("errno")}; errno is read from a per-thread
 * capture segment, and only when the call returned -1. Failures become {@link ErrnoException}.
 */
public final class Libc {
    private Libc() {}

    public static final int AF_INET = 2;
    public static final int AF_NETLINK = 16;
    public static final int NETLINK_ROUTE = 0;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_IGMP = 2;
    public static final int IPPROTO_UDP = 17;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVBUFFORCE = 33;

    public static final int IP_TOS = 1;
    public static final int IP_TTL = 2;
    public static final int IP_OPTIONS = 4;
    public static final int IP_PKTINFO = 8;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int IP_DROP_MEMBERSHIP = 36;
    public static final int IP_MULTICAST_ALL = 49;

    public static final int AF_PACKET = 17;
    /** ETH_P_IP (linux/if_ether.h), the EtherType of IPv4. */
    public static final int ETH_P_IP = 0x0800;
    public static final int SOL_PACKET = 263;
    public static final int SO_ATTACH_FILTER = 26;
    public static final int PACKET_ADD_MEMBERSHIP = 1;
    public static final int PACKET_RX_RING = 5;
    public static final int PACKET_STATISTICS = 6;
    public static final int PACKET_VERSION = 10;
    public static final int PACKET_IGNORE_OUTGOING = 23;
    public static final int PACKET_MR_ALLMULTI = 2;
    public static final int TPACKET_V3 = 2;
    /** sll_pkttype of a frame this host sent. */
    public static final int PACKET_OUTGOING = 4;
    public static final int TP_STATUS_USER = 1;
    public static final int TP_STATUS_KERNEL = 0;
    /** tp_status of a frame whose transport checksum the sender left to be completed (checksum offload). */
    public static final int TP_STATUS_CSUMNOTREADY = 1 << 3;
    public static final long SIOCGIFHWADDR = 0x8927;
    public static final long SIOCGIFMTU = 0x8921;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;

    public static final short POLLIN = 0x1;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_TRUNC = 0x20;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_NONBLOCK = 0x800;
    public static final int CLONE_NEWNET = 0x40000000;

    public static final int IFF_UP = 0x1;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_MULTICAST = 0x1000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURED = ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

    private static final MethodHandle SOCKET = errnoCall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = errnoCall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = errnoCall("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = errnoCall("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle RECVMSG = errnoCall("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDMSG = errnoCall("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDTO = errnoCall("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle POLL = errnoCall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PIPE2 = errnoCall("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = errnoCall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = errnoCall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle OPEN = errnoCall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS = errnoCall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle IOCTL = errnoCall("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MMAP = errnoCall("mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = errnoCall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle IF_NAMETOINDEX = errnoCall("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle GETIFADDRS = errnoCall("getifaddrs", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FREEIFADDRS = plainCall("freeifaddrs", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle STRERROR = plainCall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static MethodHandle errnoCall(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    private static MethodHandle plainCall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    // --- the calls ---------------------------------------------------------------------------------------

    public static int socket(int domain, int type, int protocol) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        int r;
        try {
            r = (int) SOCKET.invokeExact(st, domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1) throw new ErrnoException("socket", errno(st));
        return r;
    }

    public static void bind(int fd, MemorySegment sockaddr) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        int r;
        try {
            r = (int) BIND.invokeExact(st, fd, sockaddr, (int) sockaddr.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1) throw new ErrnoException("bind", errno(st));
    }

    public static void setsockopt(int fd, int level, int name, MemorySegment value) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        int r;
        try {
            r = (int) SETSOCKOPT.invokeExact(st, fd, level, name, value, (int) value.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1) throw new ErrnoException("setsockopt(" + optionName(level, name) + ")", errno(st));
    }

    /** setsockopt with an {@code int} argument. */
    public static void setsockopt(int fd, int level, int name, int value) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            setsockopt(fd, level, name, a.allocateFrom(JAVA_INT, value));
        }
    }

    /** setsockopt with a byte string argument (IP_OPTIONS). */
    public static void setsockopt(int fd, int level, int name, byte[] value) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, m, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, value.length);
            setsockopt(fd, level, name, m.asSlice(0, value.length));
        }
    }

    /** getsockopt into {@code value}; returns the length the kernel wrote. */
    public static int getsockopt(int fd, int level, int name, MemorySegment value) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment len = a.allocateFrom(JAVA_INT, (int) value.byteSize());
            int r;
            try {
                r = (int) GETSOCKOPT.invokeExact(st, fd, level, name, value, len);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r == -1) throw new ErrnoException("getsockopt(" + optionName(level, name) + ")", errno(st));
            return len.get(JAVA_INT, 0);
        }
    }

    public static int getsockoptInt(int fd, int level, int name) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            getsockopt(fd, level, name, v);
            return v.get(JAVA_INT, 0);
        }
    }

    /** recvmsg; returns the byte count, or -1 when {@code MSG_DONTWAIT} found nothing (EAGAIN). */
    public static long recvmsg(int fd, MemorySegment msghdr, int flags) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        while (true) {
            long r;
            try {
                r = (long) RECVMSG.invokeExact(st, fd, msghdr, flags);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r != -1) return r;
            int e = errno(st);
            if (e == Errno.EINTR) continue;
            if (e == Errno.EAGAIN) return -1;
            throw new ErrnoException("recvmsg", e);
        }
    }

    public static long sendmsg(int fd, MemorySegment msghdr, int flags) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        long r;
        try {
            r = (long) SENDMSG.invokeExact(st, fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1) throw new ErrnoException("sendmsg", errno(st));
        return r;
    }

    public static long sendto(int fd, MemorySegment buf, int flags, MemorySegment sockaddr) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        long r;
        try {
            r = (long) SENDTO.invokeExact(st, fd, buf, buf.byteSize(), flags, sockaddr, (int) sockaddr.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1) throw new ErrnoException("sendto", errno(st));
        return r;
    }

    /**
     * sendto of the first {@code len} bytes of {@code buf}, for paths that must not allocate: returns the count
     * sent, or minus the errno on failure.
     */
    public static long sendtoOrErrno(int fd, MemorySegment buf, long len, int flags, MemorySegment sockaddr) {
        MemorySegment st = CAPTURED.get();
        long r;
        try {
            r = (long) SENDTO.invokeExact(st, fd, buf, len, flags, sockaddr, (int) sockaddr.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return r == -1 ? -errno(st) : r;
    }

    /** poll; EINTR counts as "nothing ready" (returns 0). */
    public static int poll(MemorySegment pollfds, int count, int timeoutMs) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        int r;
        try {
            r = (int) POLL.invokeExact(st, pollfds, (long) count, timeoutMs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1) {
            int e = errno(st);
            if (e == Errno.EINTR) return 0;
            throw new ErrnoException("poll", e);
        }
        return r;
    }

    public static void close(int fd) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        int r;
        try {
            r = (int) CLOSE.invokeExact(st, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1) throw new ErrnoException("close", errno(st));
    }

    /** pipe2(O_NONBLOCK | O_CLOEXEC); returns {read end, write end}. */
    public static int[] pipe() throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            int r;
            try {
                r = (int) PIPE2.invokeExact(st, fds, O_NONBLOCK | O_CLOEXEC);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r == -1) throw new ErrnoException("pipe2", errno(st));
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    /** read(2); returns the count, 0 at end of file, -1 when a non-blocking descriptor has nothing (EAGAIN). */
    public static long read(int fd, MemorySegment buf) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        long r;
        try {
            r = (long) READ.invokeExact(st, fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1) {
            int e = errno(st);
            if (e == Errno.EAGAIN || e == Errno.EINTR) return -1;
            throw new ErrnoException("read", e);
        }
        return r;
    }

    /** write(2); returns the count, or -1 when a non-blocking descriptor is full (EAGAIN). */
    public static long write(int fd, MemorySegment buf) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        long r;
        try {
            r = (long) WRITE.invokeExact(st, fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1) {
            int e = errno(st);
            if (e == Errno.EAGAIN || e == Errno.EINTR) return -1;
            throw new ErrnoException("write", e);
        }
        return r;
    }

    public static int open(String path, int flags) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        try (Arena a = Arena.ofConfined()) {
            int r;
            try {
                r = (int) OPEN.invokeExact(st, a.allocateFrom(path), flags);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r == -1) throw new ErrnoException("open(" + path + ")", errno(st));
            return r;
        }
    }

    /**
     * Moves the calling thread into the network namespace at {@code path} (e.g. {@code /run/netns/NAME}).
     * Sockets the thread creates afterwards belong to that namespace for their whole life.
     */
    public static void enterNetworkNamespace(String path) throws ErrnoException {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        try {
            MemorySegment st = CAPTURED.get();
            int r;
            try {
                r = (int) SETNS.invokeExact(st, fd, CLONE_NEWNET);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r == -1) throw new ErrnoException("setns(" + path + ")", errno(st));
        } finally {
            close(fd);
        }
    }

    /** ioctl with a pointer argument. */
    public static void ioctl(int fd, long request, MemorySegment arg) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        int r;
        try {
            r = (int) IOCTL.invokeExact(st, fd, request, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1) throw new ErrnoException("ioctl(0x" + Long.toHexString(request) + ")", errno(st));
    }

    /** mmap of {@code length} bytes of {@code fd} (shared, read and write), as a segment of that size. */
    public static MemorySegment mmapShared(int fd, long length) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        MemorySegment r;
        try {
            r = (MemorySegment) MMAP.invokeExact(st, MemorySegment.NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r.address() == -1L) throw new ErrnoException("mmap", errno(st));
        return r.reinterpret(length);
    }

    public static void munmap(MemorySegment mapping) throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        int r;
        try {
            r = (int) MUNMAP.invokeExact(st, mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (r == -1) throw new ErrnoException("munmap", errno(st));
    }

    /** The interface index, or 0 when no interface has that name (in the calling thread's namespace). */
    public static int ifNameToIndex(String name) {
        MemorySegment st = CAPTURED.get();
        try (Arena a = Arena.ofConfined()) {
            return (int) IF_NAMETOINDEX.invokeExact(st, a.allocateFrom(name));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Calls getifaddrs; the caller walks the list with {@link Layouts#IFADDRS} and must {@link #freeifaddrs}. */
    public static MemorySegment getifaddrs() throws ErrnoException {
        MemorySegment st = CAPTURED.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            int r;
            try {
                r = (int) GETIFADDRS.invokeExact(st, out);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (r == -1) throw new ErrnoException("getifaddrs", errno(st));
            return out.get(ADDRESS, 0);
        }
    }

    public static void freeifaddrs(MemorySegment list) {
        try {
            FREEIFADDRS.invokeExact(list);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The C library's message for an errno. */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static String optionName(int level, int name) {
        if (level == IPPROTO_IP) {
            return switch (name) {
                case IP_TOS -> "IP_TOS";
                case IP_TTL -> "IP_TTL";
                case IP_OPTIONS -> "IP_OPTIONS";
                case IP_PKTINFO -> "IP_PKTINFO";
                case IP_MULTICAST_IF -> "IP_MULTICAST_IF";
                case IP_MULTICAST_TTL -> "IP_MULTICAST_TTL";
                case IP_MULTICAST_LOOP -> "IP_MULTICAST_LOOP";
                case IP_ADD_MEMBERSHIP -> "IP_ADD_MEMBERSHIP";
                case IP_DROP_MEMBERSHIP -> "IP_DROP_MEMBERSHIP";
                case IP_MULTICAST_ALL -> "IP_MULTICAST_ALL";
                case 200 -> "MRT_INIT";
                case 201 -> "MRT_DONE";
                case 202 -> "MRT_ADD_VIF";
                case 203 -> "MRT_DEL_VIF";
                case 204 -> "MRT_ADD_MFC";
                case 205 -> "MRT_DEL_MFC";
                case 207 -> "MRT_ASSERT";
                default -> "IPPROTO_IP/" + name;
            };
        }
        if (level == SOL_PACKET) {
            return switch (name) {
                case PACKET_ADD_MEMBERSHIP -> "PACKET_ADD_MEMBERSHIP";
                case PACKET_RX_RING -> "PACKET_RX_RING";
                case PACKET_STATISTICS -> "PACKET_STATISTICS";
                case PACKET_VERSION -> "PACKET_VERSION";
                case PACKET_IGNORE_OUTGOING -> "PACKET_IGNORE_OUTGOING";
                default -> "SOL_PACKET/" + name;
            };
        }
        if (level == SOL_SOCKET && name == SO_ATTACH_FILTER) return "SO_ATTACH_FILTER";
        return level + "/" + name;
    }
}
