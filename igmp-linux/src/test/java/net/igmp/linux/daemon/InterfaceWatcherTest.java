package net.igmp.linux.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.igmp.linux.daemon.InterfaceWatcher.Changed;
import net.igmp.linux.daemon.InterfaceWatcher.Unusable;
import net.igmp.linux.daemon.InterfaceWatcher.Usable;
import net.igmp.linux.ffm.Interfaces.Info;
import net.igmp.linux.ffm.Libc;
import net.igmp.linux.ffm.Rtnetlink;
import net.igmp.linux.ffm.Rtnetlink.Address;
import net.igmp.linux.ffm.Rtnetlink.Link;
import net.igmp.linux.ffm.Rtnetlink.Received;
import net.igmp.wire.Ipv4;
import org.junit.jupiter.api.Test;

class InterfaceWatcherTest {
    static final int UP = Libc.IFF_UP | Libc.IFF_RUNNING | Libc.IFF_MULTICAST;
    static final int A = Ipv4.parse("10.0.0.1"), B = Ipv4.parse("10.0.0.9");

    @Test
    void followsAnInterfaceThroughAbsenceDownUpAndReaddressing() {
        InterfaceWatcher w = new InterfaceWatcher(List.of("lan0"));
        assertThat(w.update(Map.of())).singleElement().isInstanceOfSatisfying(Unusable.class,
                u -> assertThat(u.why()).contains("does not exist"));
        assertThat(w.update(Map.of())).as("the same reason is not repeated").isEmpty();
        assertThat(w.update(Map.of("lan0", new Info("lan0", 7, UP, List.of())))).singleElement()
                .isInstanceOfSatisfying(Unusable.class, u -> assertThat(u.why()).contains("no IPv4 address"));
        assertThat(w.update(Map.of("lan0", new Info("lan0", 7, UP, List.of(A))))).containsExactly(new Usable("lan0", 7, A));
        assertThat(w.update(Map.of("lan0", new Info("lan0", 7, UP, List.of(A))))).isEmpty();
        assertThat(w.update(Map.of("lan0", new Info("lan0", 7, UP & ~Libc.IFF_UP, List.of(A))))).singleElement()
                .isInstanceOfSatisfying(Unusable.class, u -> assertThat(u.why()).contains("is down"));
        assertThat(w.update(Map.of("lan0", new Info("lan0", 7, UP, List.of(A))))).containsExactly(new Usable("lan0", 7, A));
        assertThat(w.update(Map.of("lan0", new Info("lan0", 7, UP, List.of(B, A))))).containsExactly(new Changed("lan0", 7, B, 7, A));
        // Deleted and re-created: a new index.
        assertThat(w.update(Map.of("lan0", new Info("lan0", 12, UP, List.of(B))))).containsExactly(new Changed("lan0", 12, B, 7, B));
    }

    @Test
    void onlyConfiguredInterfacesAreReportedInConfiguredOrder() {
        InterfaceWatcher w = new InterfaceWatcher(List.of("b", "a"));
        var changes = w.update(Map.of("a", new Info("a", 1, UP, List.of(A)), "b", new Info("b", 2, UP, List.of(B)),
                "c", new Info("c", 3, UP, List.of(A))));
        assertThat(changes).extracting(InterfaceWatcher.Change::name).containsExactly("b", "a");
        assertThat(w.update(Map.of("a", new Info("a", 1, Libc.IFF_UP | Libc.IFF_RUNNING, List.of(A)), "b", new Info("b", 2, UP, List.of(B)))))
                .singleElement().isInstanceOfSatisfying(Unusable.class, u -> assertThat(u.why()).contains("cannot do multicast"));
    }

    @Test
    void notificationsAboutConfiguredInterfacesOrTheirIndexesCallForASnapshot() {
        InterfaceWatcher w = new InterfaceWatcher(List.of("lan0", "wan0"));
        w.update(Map.of("lan0", new Info("lan0", 7, UP, List.of()), "eth9", new Info("eth9", 9, UP, List.of(A))));
        assertThat(w.concerns(new Link(false, 12, UP, "wan0"))).as("a configured interface appears").isTrue();
        assertThat(w.concerns(new Link(false, 7, UP, "renamed"))).as("lan0's index, under a new name").isTrue();
        assertThat(w.concerns(new Link(true, 7, 0, null))).as("lan0 removed").isTrue();
        assertThat(w.concerns(new Address(false, 7, A, 24, null))).as("an address on lan0's index").isTrue();
        assertThat(w.concerns(new Address(false, 30, A, 24, "wan0:1"))).as("an alias of wan0").isTrue();
        assertThat(w.concerns(new Link(false, 9, UP, "eth9"))).as("not configured").isFalse();
        assertThat(w.concerns(new Address(true, 9, A, 24, "eth9"))).isFalse();

        assertThat(w.needsSnapshot(new Received(List.of(new Link(false, 9, UP, "eth9")), false))).isFalse();
        assertThat(w.needsSnapshot(new Received(List.of(), true))).as("notifications lost (ENOBUFS)").isTrue();
        assertThat(w.needsSnapshot(new Received(List.of(new Link(false, 9, UP, "eth9"), new Link(false, 3, UP, "lan0")), false))).isTrue();

        w.update(Map.of("eth9", new Info("eth9", 9, UP, List.of(A))));
        assertThat(w.concerns(new Link(true, 7, 0, null))).as("lan0 is gone: its old index is free").isFalse();
    }
}
