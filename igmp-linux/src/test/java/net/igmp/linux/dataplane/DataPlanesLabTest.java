package net.igmp.linux.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.igmp.linux.ffm.Netns;
import net.igmp.linux.lab.KernelLab;
import net.igmp.linux.lab.KernelLabExtension;
import net.igmp.linux.lab.NetnsLab;
import net.igmp.linux.mroute.MrouteException;
import org.junit.jupiter.api.Test;

/** {@code --data-plane auto} on this machine's kernel, in a namespace of its own. */
@KernelLab
class DataPlanesLabTest {

    @Test
    void autoTakesTheKernelPlaneWhereMulticastRoutingWorksAndTheUserPlaneElse() throws Exception {
        try (NetnsLab lab = NetnsLab.create("igdp")) {
            String ns = lab.namespace("r");
            Netns.call(ns, () -> {
                DataPlanes.Opened o = DataPlanes.open(DataPlane.Choice.AUTO);
                try {
                    if (KernelLabExtension.hasMulticastRouting()) {
                        assertThat(o.plane().name()).isEqualTo("kernel");
                    } else {
                        assertThat(o.plane().name()).isEqualTo("user");
                        assertThat(o.why()).isEqualTo("data plane: user (--data-plane auto: this kernel has no IPv4 multicast routing (CONFIG_IP_MROUTE))");
                        // and asking for the kernel plane says why not, in one line
                        assertThatThrownBy(() -> DataPlanes.open(DataPlane.Choice.KERNEL)).isInstanceOf(MrouteException.class)
                                .hasMessage("this kernel has no IPv4 multicast routing (CONFIG_IP_MROUTE)");
                    }
                } finally {
                    o.plane().close();
                    o.igmp().close();
                }
                return null;
            });
        }
    }
}
