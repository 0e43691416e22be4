package net.igmp.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The interface's group table against a map: groups found by address, the hot fields of each group kept with it
 * while the table grows and deletions shift groups back into freed slots, every group's slot its own.
 */
class GroupTableTest {

    @Test
    void randomAddsAndRemovesKeepEveryGroupAndItsHotFields() {
        Iface iface = new Iface("lan", Rig.ip("10.1.1.1"), Rig.rfc());
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            GroupTable t = new GroupTable();
            Map<Integer, Group> model = new HashMap<>();
            Map<Integer, long[]> fields = new HashMap<>();
            // few distinct addresses, so that runs of neighbouring slots form and deletions shift them
            int span = 1 + rnd.nextInt(3000);
            for (int step = 0; step < 20_000; step++) {
                int address = 0xEF000000 + rnd.nextInt(span);
                Group g = model.get(address);
                if (g == null) {
                    g = new Group(iface, address, step);
                    t.add(g);
                    model.put(address, g);
                    long[] f = {rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextInt()};
                    fields.put(address, f);
                    t.groupTimer(g.index, f[0]);
                    t.v2HostTimer(g.index, f[1]);
                    t.host0Heard(g.index, f[2]);
                    t.refreshHost(g.index, (int) f[3]);
                } else if (rnd.nextInt(3) == 0) {
                    t.remove(g);
                    assertThat(g.index).isEqualTo(-1);
                    model.remove(address);
                    fields.remove(address);
                }
                if (step % 997 == 0 || step == 19_999) check(t, model, fields, span);
            }
        }
    }

    private static void check(GroupTable t, Map<Integer, Group> model, Map<Integer, long[]> fields, int span) {
        assertThat(t.size()).isEqualTo(model.size());
        for (int a = 0xEF000000; a < 0xEF000000 + span; a++) {
            Group g = model.get(a);
            int slot = t.indexOf(a);
            if (g == null) {
                assertThat(slot).isEqualTo(-1);
                continue;
            }
            assertThat(slot).isEqualTo(g.index);
            assertThat(t.at(slot)).isSameAs(g);
            long[] f = fields.get(a);
            assertThat(new long[]{t.groupTimer(slot), t.v2HostTimer(slot), t.host0Heard(slot), t.refreshHost(slot)})
                    .as("hot fields of %08x", a).containsExactly(f[0], f[1], f[2], (int) f[3]);
        }
        List<Group> seen = new ArrayList<>();
        t.forEach(seen::add);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(model.values());
        List<Integer> snapshot = t.snapshot().stream().map(g -> g.address).toList();
        assertThat(snapshot).hasSize(model.size()).isSortedAccordingTo(Integer::compareUnsigned);
        assertThat(t.indexOf(0)).isEqualTo(-1);
    }
}
