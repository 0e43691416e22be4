package net.igmp.linux.dataplane;

import net.igmp.linux.ffm.Errno;
import net.igmp.linux.mroute.MrouteException;
import net.igmp.linux.mroute.MrouteSocket;

/** Opens the IGMP socket and the data plane that {@code --data-plane} asks for. */
public final class DataPlanes {
    private DataPlanes() {}

    /**
     * The daemon's sockets.
     *
     * @param igmp  the raw IGMP socket (the multicast routing socket too, with the kernel plane)
     * @param plane where data is forwarded
     * @param why   which plane, and why, for the start-up log line
     */
    public record Opened(MrouteSocket igmp, DataPlane plane, String why) {}

    /**
     * {@code kernel}: MRT_INIT must work. {@code user}: the user plane, whatever the kernel has. {@code auto}: the
     * kernel plane where MRT_INIT works, else the user plane when the kernel has no multicast routing, it is taken
     * by another process, or CAP_NET_ADMIN is missing.
     */
    public static Opened open(DataPlane.Choice choice) throws MrouteException {
        MrouteSocket igmp = MrouteSocket.openIgmp();
        try {
            return switch (choice) {
                case KERNEL -> {
                    initKernel(igmp);
                    yield new Opened(igmp, new KernelDataPlane(igmp), "data plane: kernel (--data-plane kernel)");
                }
                case USER -> new Opened(igmp, user(igmp), "data plane: user (--data-plane user)");
                case AUTO -> {
                    try {
                        initKernel(igmp);
                        yield new Opened(igmp, new KernelDataPlane(igmp), "data plane: kernel (--data-plane auto: the kernel's multicast routing is available)");
                    } catch (MrouteException e) {
                        if (!userPlaneHelps(e.errno())) throw e;
                        yield new Opened(igmp, user(igmp), "data plane: user (--data-plane auto: " + e.getMessage() + ")");
                    }
                }
            };
        } catch (MrouteException | RuntimeException e) {
            igmp.close();
            throw e;
        }
    }

    private static void initKernel(MrouteSocket igmp) throws MrouteException {
        igmp.initRouting();
        igmp.setAssert(true); // WRONGVIF upcalls: sources that move to another interface are followed
    }

    /** The user plane reads IGMP from its packet socket; the raw socket then only sends. */
    private static DataPlane user(MrouteSocket igmp) throws MrouteException {
        UserDataPlane plane = UserDataPlane.open();
        try {
            igmp.sendOnly();
        } catch (MrouteException e) {
            plane.close();
            throw e;
        }
        return plane;
    }

    /** MRT_INIT failures that the user plane does not share. */
    static boolean userPlaneHelps(int errno) {
        return errno == Errno.ENOPROTOOPT || errno == Errno.EOPNOTSUPP || errno == Errno.EADDRINUSE
                || errno == Errno.EPERM || errno == Errno.EACCES;
    }
}
