package net.igmp.linux.ffm;

import static org.assertj.core.api.Assertions.assertThat;

import net.igmp.linux.ffm.Rtnetlink.Address;
import net.igmp.linux.ffm.Rtnetlink.Link;
import net.igmp.linux.ffm.Rtnetlink.Received;
import net.igmp.linux.lab.KernelLab;
import net.igmp.linux.lab.LabRequirement;
import net.igmp.linux.lab.NetnsLab;
import net.igmp.wire.Ipv4;
import org.junit.jupiter.api.Test;

/** The kernel's own notifications in a namespace, and what an overrun of the socket's buffer looks like. */
@KernelLab
class RtnetlinkLabTest {

    @Test
    void aNewInterfaceAndItsAddressArriveAndAnOverrunAsksForAResync() throws Exception {
        LabRequirement.require();
        try (NetnsLab lab = NetnsLab.create("irn")) {
            String a = lab.namespace("a"), b = lab.namespace("b");
            // the socket belongs to the namespace it was made in, whichever thread reads it later
            try (Rtnetlink n = Netns.call(a, () -> Rtnetlink.open(Rtnetlink.RTMGRP_LINK | Rtnetlink.RTMGRP_IPV4_IFADDR))) {
                lab.veth(a, "vlan7", b, "eth0");
                lab.address(a, "vlan7", "10.7.0.1/24");
                Received r = n.receive(); // the kernel queues a notification before the change returns
                assertThat(r.resync()).isFalse();
                Link created = r.events().stream().filter(e -> e instanceof Link l && "vlan7".equals(l.name())).map(Link.class::cast)
                        .findFirst().orElseThrow(() -> new AssertionError("no RTM_NEWLINK for vlan7 in " + r.events()));
                assertThat(r.events()).contains(new Address(false, created.index(), Ipv4.parse("10.7.0.1"), 24, "vlan7"));
                assertThat(r.events()).filteredOn(e -> e instanceof Link l && "eth0".equals(l.name()))
                        .as("the peer in the other namespace is not seen").isEmpty();

                // a buffer of the kernel's minimum holds about one notification: the rest are dropped (ENOBUFS)
                Libc.setsockopt(n.fd(), Libc.SOL_SOCKET, Libc.SO_RCVBUF, 1);
                for (int mtu = 1400; mtu < 1410; mtu++) lab.must("ip", "-n", a, "link", "set", "vlan7", "mtu", Integer.toString(mtu));
                assertThat(n.receive().resync()).isTrue();

                Libc.setsockopt(n.fd(), Libc.SOL_SOCKET, Libc.SO_RCVBUF, 1 << 20);
                lab.must("ip", "-n", a, "link", "del", "vlan7");
                Received after = n.receive();
                assertThat(after.resync()).as("the socket goes on after an overrun").isFalse();
                assertThat(after.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(Link.class, l -> {
                    assertThat(l.removed()).isTrue();
                    assertThat(l.index()).isEqualTo(created.index());
                    assertThat(l.name()).isEqualTo("vlan7");
                }));
            }
        }
    }
}
