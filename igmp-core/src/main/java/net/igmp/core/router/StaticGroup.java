package net.igmp.core.router;

import java.util.ArrayList;
import java.util.List;
import net.igmp.wire.Ipv4;

/**
 * A membership the operator configures on an interface: forwarded as if a host had joined, and never timed out.
 * No sources is (*,G), an EXCLUDE join of nothing; sources make it (S,G), an INCLUDE join of them.
 *
 * @param group   a multicast group outside 224.0.0.0/24 (link-local groups are never forwarded)
 * @param sources the sources, empty for (*,G)
 */
public record StaticGroup(int group, List<Integer> sources) {

    public StaticGroup {
        if (!Ipv4.isMulticast(group)) throw new IllegalArgumentException(Ipv4.format(group) + " is not a multicast group (224.0.0.0/4)");
        if (Ipv4.isLinkLocalMulticast(group))
            throw new IllegalArgumentException(Ipv4.format(group) + " is link-local (224.0.0.0/24): never forwarded");
        sources = List.copyOf(sources);
    }

    /** {@code 239.1.1.1} for (*,G), {@code 232.1.1.1 from 10.0.0.2 10.0.0.3} for (S,G). */
    public static StaticGroup parse(String text) {
        String[] words = text.trim().split("[\\s,]+");
        if (words.length == 0 || words[0].isEmpty()) throw new IllegalArgumentException("no group in '" + text + "'");
        if (words.length == 2 || words.length > 2 && !words[1].equals("from"))
            throw new IllegalArgumentException("not GROUP or GROUP from SOURCE...: '" + text + "'");
        List<Integer> sources = new ArrayList<>();
        for (int i = 2; i < words.length; i++) sources.add(Ipv4.parse(words[i]));
        return new StaticGroup(Ipv4.parse(words[0]), sources);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(Ipv4.format(group));
        if (!sources.isEmpty()) b.append(" from");
        for (int s : sources) b.append(' ').append(Ipv4.format(s));
        return b.toString();
    }
}
