package net.igmp.linux.daemon;

import net.igmp.linux.dataplane.DataPlane;
import net.igmp.linux.lab.KernelLab;

/** Interface following on the daemon's own data plane: on any kernel with network namespaces. */
@KernelLab
class InterfaceLifecycleUserPlaneLabTest extends InterfaceLifecycleLabTest {
    InterfaceLifecycleUserPlaneLabTest() {
        super(DataPlane.Choice.USER);
    }
}
