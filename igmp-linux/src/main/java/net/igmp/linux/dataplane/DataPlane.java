package net.igmp.linux.dataplane;

import java.util.Map;
import net.igmp.linux.mroute.MfcTable;
import net.igmp.linux.mroute.MrouteException;
import net.igmp.linux.mroute.Upcall;

/**
 * Where multicast data is forwarded: the kernel's multicast routing ({@link KernelDataPlane}) or the daemon's own
 * ({@link UserDataPlane}). Both take the same VIFs and (S,G) entries from the daemon's {@link MfcTable}, and both
 * report datagrams without an entry as NOCACHE upcalls, so that the engine and the table behave alike on either.
 */
public interface DataPlane extends MfcTable.Kernel, AutoCloseable {

    /** {@code igmp router --data-plane}: kernel where MRT_INIT works, user otherwise. */
    enum Choice {
        AUTO, KERNEL, USER;

        public String label() {
            return name().toLowerCase();
        }
    }

    /** "kernel" or "user": the name in logs, {@code igmp show interfaces} and the metrics. */
    String name();

    /** Routes the interface as VIF {@code vif}. The message of a failure names the interface and the problem. */
    void addInterface(int vif, int ifindex, String ifName, int ttlThreshold) throws MrouteException;

    /** Stops routing the VIF (the interface may be gone already). */
    void removeInterface(int vif);

    /** A descriptor to poll for {@link #receive}, or -1 when this plane needs none (the kernel's upcalls come on the IGMP socket). */
    int fd();

    /** What a data plane hands to the control plane while it forwards. */
    interface Input {
        /** A datagram without an entry (NOCACHE), or on another interface than its entry's (WRONGVIF). */
        void upcall(Upcall u);

        /** An IGMP packet (IPv4 header first) of {@code length} bytes at {@code offset}, arrived on {@code ifindex}. */
        void igmp(java.lang.foreign.MemorySegment packet, long offset, int length, int ifindex);
    }

    /** Forwards what arrived, at most a bounded batch, and hands upcalls and IGMP to {@code input} as they come. */
    void receive(long now, Input input);

    /** Multicast data per routed interface, by name (for {@code igmp show interfaces}). */
    Map<String, Traffic> interfaceCounters();

    /** Datagrams and bytes forwarded in and out of one interface. */
    record Traffic(long packetsIn, long bytesIn, long packetsOut, long bytesOut) {}

    /** The plane's own counters, lower-case names (empty for the kernel plane). */
    Map<String, Long> counters();

    @Override
    void close();
}
