package net.igmp.linux.daemon;

import net.igmp.linux.dataplane.DataPlane;
import net.igmp.linux.lab.KernelLab;

/** The daemon on its own data plane: on any kernel with network namespaces. */
@KernelLab
class RouterDaemonUserPlaneLabTest extends RouterDaemonLabTest {
    RouterDaemonUserPlaneLabTest() {
        super(DataPlane.Choice.USER);
    }
}
