package net.igmp.linux.mroute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.igmp.core.FilterMode;
import net.igmp.wire.Ipv4;
import net.igmp.wire.SourceList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MfcTableTest {
    static final int S1 = Ipv4.parse("10.0.0.5"), S2 = Ipv4.parse("10.0.0.6"), G = Ipv4.parse("239.1.1.1");

    /** Holds entries as the kernel would, and records every write. */
    static final class FakeKernel implements MfcTable.Kernel {
        final Map<Long, byte[]> ttls = new HashMap<>();
        final Map<Long, Integer> parent = new HashMap<>();
        final Map<Long, Long> packets = new HashMap<>();
        final Map<Long, Long> wrong = new HashMap<>();
        final List<String> log = new ArrayList<>();

        static long key(int s, int g) {
            return ((long) s << 32) | (g & 0xFFFFFFFFL);
        }

        @Override
        public void addMfc(int source, int group, int parentVif, byte[] t) {
            ttls.put(key(source, group), t.clone());
            parent.put(key(source, group), parentVif);
            log.add("add " + Ipv4.format(source));
        }

        @Override
        public boolean delMfc(int source, int group) {
            log.add("del " + Ipv4.format(source));
            parent.remove(key(source, group));
            return ttls.remove(key(source, group)) != null;
        }

        @Override
        public long packetCount(int source, int group) {
            return ttls.containsKey(key(source, group)) ? packets.getOrDefault(key(source, group), 0L) : -1;
        }

        @Override
        public long wrongInterfaceCount(int source, int group) {
            return ttls.containsKey(key(source, group)) ? wrong.getOrDefault(key(source, group), 0L) : -1;
        }

        List<Integer> oifs(int s, int g) {
            byte[] t = ttls.get(key(s, g));
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < t.length; i++) if (t[i] != 0) out.add(i);
            return out;
        }
    }

    FakeKernel k;
    MfcTable t;

    @BeforeEach
    void setUp() throws Exception {
        k = new FakeKernel();
        t = new MfcTable(k);
        t.vifUp("up0", 0, 0);
        t.vifUp("lan1", 1, 0);
        t.vifUp("lan2", 2, 0);
    }

    @Test
    void aSourceWithoutListenersGetsANegativeEntryAndListenersOpenIt() throws Exception {
        t.noCache(S1, G, 0, 0);
        assertThat(k.oifs(S1, G)).as("installed, forwarding nowhere").isEmpty();
        t.membership("lan2", G, FilterMode.EXCLUDE, SourceList.EMPTY, 10);
        assertThat(k.oifs(S1, G)).containsExactly(2);
        t.membership("lan1", G, FilterMode.INCLUDE, SourceList.of(S2), 20);
        assertThat(k.oifs(S1, G)).as("lan1 wants only S2").containsExactly(2);
        t.noCache(S2, G, 0, 30);
        assertThat(k.oifs(S2, G)).containsExactly(1, 2);
        t.membership("lan2", G, FilterMode.EXCLUDE, SourceList.of(S2), 40);
        assertThat(k.oifs(S2, G)).containsExactly(1);
        assertThat(k.oifs(S1, G)).containsExactly(2);
        t.membership("lan2", G, FilterMode.INCLUDE, SourceList.EMPTY, 50);
        assertThat(k.oifs(S1, G)).isEmpty();
        assertThat(t.entries()).hasSize(2);
    }

    @Test
    void neverForwardsBackToTheArrivalInterface() throws Exception {
        t.membership("lan1", G, FilterMode.EXCLUDE, SourceList.EMPTY, 0);
        t.noCache(S1, G, 1, 0);
        assertThat(k.oifs(S1, G)).isEmpty();
    }

    @Test
    void unchangedStateIsNotRewritten() throws Exception {
        t.noCache(S1, G, 0, 0);
        t.membership("lan1", G, FilterMode.EXCLUDE, SourceList.EMPTY, 0);
        int writes = k.log.size();
        t.membership("lan1", G, FilterMode.EXCLUDE, SourceList.EMPTY, 5);
        t.membership("lan1", G, FilterMode.EXCLUDE, SourceList.of(S2), 6);
        assertThat(k.log).hasSize(writes);
    }

    @Test
    void aVifGoingDownRemovesItsInboundEntriesAndItsOutboundUse() throws Exception {
        t.membership("lan1", G, FilterMode.EXCLUDE, SourceList.EMPTY, 0);
        t.membership("lan2", G, FilterMode.EXCLUDE, SourceList.EMPTY, 0);
        t.noCache(S1, G, 0, 0);
        t.noCache(S2, G, 2, 0);
        t.vifDown("lan2", 10);
        assertThat(k.ttls).doesNotContainKey(FakeKernel.key(S2, G));
        assertThat(k.oifs(S1, G)).containsExactly(1);
        t.vifUp("lan2", 2, 20);
        assertThat(k.oifs(S1, G)).containsExactly(1, 2);
    }

    @Test
    void idleEntriesExpireAndBusyOnesStay() throws Exception {
        t.noCache(S1, G, 0, 0);
        t.noCache(S2, G, 0, 0);
        k.packets.put(FakeKernel.key(S1, G), 5L);
        assertThat(t.expireIdle(1000, 2000)).isZero();
        k.packets.put(FakeKernel.key(S1, G), 9L);
        assertThat(t.expireIdle(2500, 2000)).as("S2 never moved").isEqualTo(1);
        assertThat(k.ttls).containsOnlyKeys(FakeKernel.key(S1, G));
        assertThat(t.expireIdle(4000, 2000)).isZero();
        assertThat(t.expireIdle(4600, 2000)).isEqualTo(1);
        assertThat(t.size()).isZero();
    }

    @Test
    void proxyUpstreamGetsEverythingFromDownstream() throws Exception {
        t.forwardEverythingTo("up0");
        t.noCache(S1, G, 1, 0);
        assertThat(k.oifs(S1, G)).containsExactly(0);
        t.noCache(S2, G, 0, 0);
        assertThat(k.oifs(S2, G)).as("not back upstream").isEmpty();
    }

    @Test
    void aSourceThatMovedIsFollowedOnlyOnceItsOldInterfaceIsQuiet() throws Exception {
        t.membership("lan2", G, FilterMode.EXCLUDE, SourceList.EMPTY, 0);
        t.noCache(S1, G, 0, 0);
        long key = FakeKernel.key(S1, G);
        k.packets.put(key, 100L);
        // Still arriving on up0 as well: the count on the inbound VIF moves, so no move.
        assertThat(t.wrongVif(S1, G, 1, 4000)).isFalse();
        k.packets.put(key, 150L);
        k.wrong.put(key, 10L);
        assertThat(t.wrongVif(S1, G, 1, 8000)).isFalse();
        // Now only wrong-interface packets grow.
        k.packets.put(key, 160L);
        k.wrong.put(key, 20L);
        assertThat(t.wrongVif(S1, G, 1, 9000)).as("quiet for only 1 s").isFalse();
        assertThat(t.wrongVif(S1, G, 1, 11_500)).isTrue();
        assertThat(k.parent.get(key)).isEqualTo(1);
        assertThat(k.oifs(S1, G)).containsExactly(2);
        assertThat(t.wrongVif(S1, G, 1, 20_000)).as("already there").isFalse();
    }
}
