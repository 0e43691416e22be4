package net.igmp.linux.daemon;

import net.igmp.linux.dataplane.DataPlane;
import net.igmp.linux.lab.KernelLab;

/** The proxy on the daemon's own data plane: on any kernel with network namespaces. */
@KernelLab
class ProxyUserPlaneLabTest extends ProxyLabTest {
    ProxyUserPlaneLabTest() {
        super(DataPlane.Choice.USER);
    }
}
