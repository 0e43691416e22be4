package net.igmp.linux.daemon;

import net.igmp.linux.dataplane.DataPlane;
import net.igmp.linux.lab.KernelLab;

/** The daemon on the kernel's multicast routing: in User-Mode Linux where this kernel has none. */
@KernelLab(multicastRouting = true)
class RouterDaemonKernelPlaneLabTest extends RouterDaemonLabTest {
    RouterDaemonKernelPlaneLabTest() {
        super(DataPlane.Choice.KERNEL);
    }
}
