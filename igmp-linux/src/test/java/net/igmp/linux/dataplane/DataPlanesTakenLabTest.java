package net.igmp.linux.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import net.igmp.linux.ffm.Netns;
import net.igmp.linux.lab.KernelLab;
import net.igmp.linux.lab.NetnsLab;
import net.igmp.linux.mroute.MrouteSocket;
import org.junit.jupiter.api.Test;

/**
 * {@code --data-plane auto} where the kernel has multicast routing but another process holds it in the namespace
 * (the one-owner rule): the user plane. Needs a kernel with multicast routing, so User-Mode Linux on one without.
 */
@KernelLab(multicastRouting = true)
class DataPlanesTakenLabTest {

    @Test
    void autoTakesTheUserPlaneWhenMulticastRoutingIsTakenInTheNamespace() throws Exception {
        try (NetnsLab lab = NetnsLab.create("igdq")) {
            Netns.call(lab.namespace("r"), () -> {
                try (MrouteSocket other = MrouteSocket.open()) {
                    DataPlanes.Opened o = DataPlanes.open(DataPlane.Choice.AUTO);
                    try {
                        assertThat(o.plane().name()).isEqualTo("user");
                        assertThat(o.why()).contains("already taken");
                    } finally {
                        o.plane().close();
                        o.igmp().close();
                    }
                }
                return null;
            });
        }
    }
}
