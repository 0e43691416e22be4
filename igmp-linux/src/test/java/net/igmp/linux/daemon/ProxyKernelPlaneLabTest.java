package net.igmp.linux.daemon;

import net.igmp.linux.dataplane.DataPlane;
import net.igmp.linux.lab.KernelLab;

/** The proxy on the kernel's multicast routing: in User-Mode Linux where this kernel has none. */
@KernelLab(multicastRouting = true)
class ProxyKernelPlaneLabTest extends ProxyLabTest {
    ProxyKernelPlaneLabTest() {
        super(DataPlane.Choice.KERNEL);
    }
}
