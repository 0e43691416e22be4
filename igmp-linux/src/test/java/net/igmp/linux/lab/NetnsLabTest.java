package net.igmp.linux.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@KernelLab
class NetnsLabTest {

    @Test
    void twoHostsOnABridgeAndEverythingIsRemovedOnClose() {
        LabRequirement.require();
        java.util.List<String> made;
        try (NetnsLab lab = NetnsLab.create("igt")) {
            String sw = lab.namespace("sw");
            String a = lab.namespace("a");
            String b = lab.namespace("b");
            lab.bridge(sw, "br0");
            lab.veth(a, "eth0", sw, "pa");
            lab.veth(b, "eth0", sw, "pb");
            lab.attach(sw, "pa", "br0");
            lab.attach(sw, "pb", "br0");
            lab.address(a, "eth0", "10.9.0.1/24");
            lab.address(b, "eth0", "10.9.0.2/24");
            assertThat(lab.must("ip", "-n", sw, "link", "show", "master", "br0").stdout()).contains("pa@", "pb@");
            assertThat(lab.must("ip", "-n", a, "-4", "addr", "show", "eth0").stdout()).contains("10.9.0.1/24");
            assertThat(lab.must("ip", "-n", b, "link", "show", "eth0").stdout()).contains("eth0@");
            made = lab.namespaces();
        }
        NetnsLab.Result list = lab0("ip", "netns", "list");
        for (String ns : made) assertThat(list.stdout()).doesNotContain(ns);
    }

    private static NetnsLab.Result lab0(String... cmd) {
        try {
            return NetnsLab.run(java.util.List.of(cmd));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
