package net.igmp.linux.daemon;

import net.igmp.linux.dataplane.DataPlane;
import net.igmp.linux.lab.KernelLab;

/** Interface following on the kernel's multicast routing: in User-Mode Linux where this kernel has none. */
@KernelLab(multicastRouting = true)
class InterfaceLifecycleKernelPlaneLabTest extends InterfaceLifecycleLabTest {
    InterfaceLifecycleKernelPlaneLabTest() {
        super(DataPlane.Choice.KERNEL);
    }
}
