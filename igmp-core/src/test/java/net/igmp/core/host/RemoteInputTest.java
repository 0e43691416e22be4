package net.igmp.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.igmp.core.FilterMode;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.LeaveGroup;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.SourceList;
import net.igmp.wire.UnknownMessage;
import net.igmp.wire.V1MembershipReport;
import net.igmp.wire.V2MembershipReport;
import net.igmp.wire.V3MembershipReport;
import org.junit.jupiter.api.Test;

/** Whatever arrives from the network is data: the engine never throws and keeps its timers sane. */
class RemoteInputTest {

    @Test
    void randomMessagesOnKnownAndUnknownInterfacesNeverThrow() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        HostEngine host = new HostEngine(HostConfig.defaults(), new SplittableRandom(seed));
        for (int i = 0; i < 4; i++) host.addInterface(i, 0x0A000002 + i);
        long now = 0;
        for (int step = 0; step < 50_000; step++) {
            int iface = r.nextInt(5); // 4 is unknown
            if (iface < 4 && r.nextInt(10) == 0) {
                FilterMode m = r.nextBoolean() ? FilterMode.INCLUDE : FilterMode.EXCLUDE;
                host.listen(now, r.nextInt(3), iface, 0xEF000000 + r.nextInt(8), m, SourceList.of(0x0A090000 + r.nextInt(4)));
            }
            host.handle(now, iface, r.nextInt(), r.nextInt(), randomMessage(r));
            now += r.nextInt(200);
            while (host.nextDeadline() <= now) {
                long d = host.nextDeadline();
                host.handleTimeout(d);
                assertThat(host.nextDeadline()).as("seed %d: a timer that does not advance", seed).isGreaterThan(d);
            }
            for (Transmit t; (t = host.pollTransmit()) != null; ) assertThat(t.iface()).isBetween(0, 3);
        }
        assertThat(host.stats().messagesReceived()).isEqualTo(50_000);
        assertThat(host.stats().ignored()).isPositive();
    }

    static IgmpMessage randomMessage(SplittableRandom r) {
        int group = r.nextInt(4) == 0 ? r.nextInt() : 0xEF000000 + r.nextInt(8);
        return switch (r.nextInt(7)) {
            case 0 -> MembershipQuery.v1General();
            case 1 -> new MembershipQuery(2, 1 + r.nextInt(255), r.nextBoolean() ? 0 : group, false, 0, 0, SourceList.EMPTY);
            case 2 -> new MembershipQuery(3, r.nextInt(256), r.nextBoolean() ? 0 : group, r.nextBoolean(), r.nextInt(8), r.nextInt(256),
                    r.nextBoolean() ? SourceList.EMPTY : SourceList.of(r.nextInt(), 0x0A090000 + r.nextInt(4)));
            case 3 -> new V1MembershipReport(group);
            case 4 -> new V2MembershipReport(group);
            case 5 -> r.nextBoolean() ? new LeaveGroup(group) : V3MembershipReport.of();
            default -> new UnknownMessage(0x30 + r.nextInt(16), r.nextInt(256), new byte[4 + r.nextInt(8)]);
        };
    }
}
