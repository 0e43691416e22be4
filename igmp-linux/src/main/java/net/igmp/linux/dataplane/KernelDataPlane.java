package net.igmp.linux.dataplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import net.igmp.linux.mroute.MrouteException;
import net.igmp.linux.mroute.MrouteSocket;

/** The kernel's multicast routing (ipmr): VIFs and MFC entries through the multicast routing socket. */
public final class KernelDataPlane implements DataPlane {
    private final MrouteSocket socket;

    /** {@code socket} has done MRT_INIT; it stays the daemon's to close. */
    public KernelDataPlane(MrouteSocket socket) {
        this.socket = socket;
    }

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public void addInterface(int vif, int ifindex, String ifName, int ttlThreshold) throws MrouteException {
        socket.addVif(vif, ifindex, ifName, ttlThreshold);
    }

    @Override
    public void removeInterface(int vif) {
        try {
            socket.delVif(vif);
        } catch (MrouteException e) {
            // The kernel removes the VIF itself when the device is unregistered.
        }
    }

    @Override
    public int fd() {
        return -1;
    }

    @Override
    public void receive(long now, Input input) {
        // the kernel forwards by itself; its upcalls arrive on the IGMP socket
    }

    @Override
    public void addMfc(int source, int group, int parentVif, byte[] ttls) throws MrouteException {
        socket.addMfc(source, group, parentVif, ttls);
    }

    @Override
    public boolean delMfc(int source, int group) throws MrouteException {
        return socket.delMfc(source, group);
    }

    @Override
    public long packetCount(int source, int group) {
        return socket.packetCount(source, group);
    }

    @Override
    public long wrongInterfaceCount(int source, int group) {
        return socket.wrongInterfaceCount(source, group);
    }

    /** From the calling thread's namespace's /proc/net/ip_mr_vif. */
    @Override
    public Map<String, Traffic> interfaceCounters() {
        Map<String, Traffic> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/net/ip_mr_vif"))) {
                String[] f = line.trim().split("\\s+");
                // Interface BytesIn PktsIn BytesOut PktsOut Flags Local Remote
                if (f.length >= 9 && f[0].matches("\\d+"))
                    out.put(f[1], new Traffic(Long.parseLong(f[3]), Long.parseLong(f[2]), Long.parseLong(f[5]), Long.parseLong(f[4])));
            }
        } catch (IOException | RuntimeException e) {
            // no counters to show
        }
        return out;
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of();
    }

    @Override
    public void close() {
        // the VIFs and MFC entries go with the multicast routing socket, which the daemon closes
    }
}
