package net.igmp.sim;

import net.igmp.core.util.IntMap;
import net.igmp.sim.Simulation.Port;

import java.util.Arrays;

/**
 * A segment's multicast filter: the host ports whose sockets listen to each group, in the order they joined. Most
 * groups have one listener on a segment, held directly in the map (a join and a delivery touch the map and the
 * port, no list); several sit in a {@link Many}.
 */
final class Listeners {
    private final IntMap<Object> byGroup = new IntMap<>(16);

    /** The ports of a group with more than one listener: {@code ports[0..n)}. */
    private static final class Many {
        Port[] ports = new Port[4];
        int n;
    }

    /** The entry for {@code group}, for {@link #count} and {@link #port}; null when nobody listens. */
    Object of(int group) {
        return byGroup.get(group);
    }

    static int count(Object entry) {
        return entry == null ? 0 : entry instanceof Many m ? m.n : 1;
    }

    static Port port(Object entry, int k) {
        return entry instanceof Many m ? m.ports[k] : (Port) entry;
    }

    void add(int group, Port p) {
        Object e = byGroup.get(group);
        if (e == null) {
            byGroup.put(group, p);
        } else if (e instanceof Many m) {
            for (int k = 0; k < m.n; k++) if (m.ports[k] == p) return;
            if (m.n == m.ports.length) m.ports = Arrays.copyOf(m.ports, 2 * m.n);
            m.ports[m.n++] = p;
        } else if (e != p) {
            Many m = new Many();
            m.ports[0] = (Port) e;
            m.ports[1] = p;
            m.n = 2;
            byGroup.put(group, m);
        }
    }

    void remove(int group, Port p) {
        Object e = byGroup.get(group);
        if (e == p) {
            byGroup.remove(group);
        } else if (e instanceof Many m) {
            for (int k = 0; k < m.n; k++) {
                if (m.ports[k] != p) continue;
                System.arraycopy(m.ports, k + 1, m.ports, k, m.n - k - 1); // the others keep their order
                m.ports[--m.n] = null;
                if (m.n == 0) byGroup.remove(group);
                return;
            }
        }
    }
}
