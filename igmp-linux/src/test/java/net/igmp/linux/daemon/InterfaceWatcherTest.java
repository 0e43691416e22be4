package net.igmp.linux.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.igmp.linux.daemon.InterfaceWatcher.Changed;
import net.igmp.linux.daemon.InterfaceWatcher.Unusable;
import net.igmp.linux.daemon.InterfaceWatcher.Usable;
import net.igmp.linux.ffm.Interfaces.Info;
import net.igmp.linux.ffm.Libc;
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
}
