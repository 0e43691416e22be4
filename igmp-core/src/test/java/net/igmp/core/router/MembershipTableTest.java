package net.igmp.core.router;

import static net.igmp.core.router.Rig.*;
import static net.igmp.wire.RecordType.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.igmp.core.FilterMode;
import net.igmp.wire.MembershipQuery;
import net.igmp.wire.SourceList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One test per row of RFC 9776 sections 6.4.1, 6.4.2, 6.3 and 6.5, driven with a manual clock. The router is the
 * querier with the section 8 defaults (GMI 260 s, LMQI 1 s, LMQC 2, LMQT 2 s) and no explicit tracking.
 *
 * <p>INCLUDE (A): A = {a1, a2, c} set up at t=0, the record B = {c, b1} arrives at t=10 s.
 * EXCLUDE (X,Y): X = {x1, c1}, Y = {y1, c2} set up at t=0, the record A = {c1, c2, n} arrives at t=10 s.
 */
class MembershipTableTest {
    static final String A1 = "10.1.0.1", A2 = "10.1.0.2", C = "10.1.0.3", B1 = "10.1.0.4";
    static final String X1 = "10.2.0.1", C1 = "10.2.0.2", Y1 = "10.2.0.3", C2 = "10.2.0.4", N = "10.2.0.5";
    static final long GMI = 260_000, T1 = 10_000, LMQT = 2_000;

    static Rig includeA() {
        Rig r = new Rig(rfc());
        r.report(H1, rec(MODE_IS_INCLUDE, G, A1, A2, C));
        r.at(T1).takeTx();
        r.takeEvents();
        return r;
    }

    static Rig excludeXY() {
        Rig r = new Rig(rfc());
        r.report(H1, rec(MODE_IS_EXCLUDE, G, Y1, C2));
        r.report(H1, rec(ALLOW_NEW_SOURCES, G, X1, C1));
        assertThat(r.mode(G)).isEqualTo(FilterMode.EXCLUDE);
        r.at(T1).takeTx();
        r.takeEvents();
        return r;
    }

    static void assertSpecificQuery(Transmit t, boolean s, String... sources) {
        MembershipQuery q = (MembershipQuery) t.message();
        assertThat(t.destination()).isEqualTo(G);
        assertThat(q.group()).isEqualTo(G);
        assertThat(q.version()).isEqualTo(3);
        assertThat(q.suppressRouterProcessing()).as("S flag").isEqualTo(s);
        assertThat(q.sources()).isEqualTo(SourceList.of(sources));
    }

    @Nested
    @DisplayName("6.4.1 Reception of Current-State Records")
    class CurrentState {
        @Test
        @DisplayName("INCLUDE (A) | IS_IN (B) | INCLUDE (A+B) | (B)=GMI")
        void include_A_IS_IN_B() {
            Rig r = includeA();
            r.report(H1, rec(MODE_IS_INCLUDE, G, C, B1));
            assertThat(r.mode(G)).isEqualTo(FilterMode.INCLUDE);
            assertThat(r.sources(G)).containsExactly(A1, A2, C, B1);
            assertThat(r.sourceTimer(G, C)).isEqualTo(GMI);
            assertThat(r.sourceTimer(G, B1)).isEqualTo(GMI);
            assertThat(r.sourceTimer(G, A1)).isEqualTo(GMI - T1);
            assertThat(r.takeTx()).isEmpty();
            assertThat(r.forwarding(G).sources()).isEqualTo(SourceList.of(A1, A2, C, B1));
        }

        @Test
        @DisplayName("INCLUDE (A) | IS_EX (B) | EXCLUDE (A*B, B-A) | (B-A)=0, Delete (A-B), Group Timer=GMI")
        void include_A_IS_EX_B() {
            Rig r = includeA();
            r.report(H1, rec(MODE_IS_EXCLUDE, G, C, B1));
            assertThat(r.mode(G)).isEqualTo(FilterMode.EXCLUDE);
            assertThat(r.sources(G)).containsExactly(C, B1);
            assertThat(r.sourceTimer(G, C)).isEqualTo(GMI - T1); // A*B keeps its timer
            assertThat(r.sourceTimer(G, B1)).isZero();           // B-A = 0: the Y set
            assertThat(r.group(G).groupTimerMs()).isEqualTo(GMI);
            assertThat(r.takeTx()).isEmpty();
            assertThat(r.forwarding(G)).isEqualTo(new ForwardingEvent(IF, G, FilterMode.EXCLUDE, SourceList.of(B1)));
        }

        @Test
        @DisplayName("EXCLUDE (X,Y) | IS_IN (A) | EXCLUDE (X+A, Y-A) | (A)=GMI")
        void exclude_XY_IS_IN_A() {
            Rig r = excludeXY();
            r.report(H1, rec(MODE_IS_INCLUDE, G, C1, C2, N));
            assertThat(r.mode(G)).isEqualTo(FilterMode.EXCLUDE);
            assertThat(r.sources(G)).containsExactly(X1, C1, Y1, C2, N);
            for (String s : List.of(C1, C2, N)) assertThat(r.sourceTimer(G, s)).as(s).isEqualTo(GMI);
            assertThat(r.sourceTimer(G, X1)).isEqualTo(GMI - T1);
            assertThat(r.sourceTimer(G, Y1)).isZero();
            assertThat(r.group(G).groupTimerMs()).isEqualTo(GMI - T1);
            assertThat(r.forwarding(G).sources()).isEqualTo(SourceList.of(Y1)); // Y-A
        }

        @Test
        @DisplayName("EXCLUDE (X,Y) | IS_EX (A) | EXCLUDE (A-Y, Y*A) | (A-X-Y)=GMI, Delete (X-A), Delete (Y-A), Group Timer=GMI")
        void exclude_XY_IS_EX_A() {
            Rig r = excludeXY();
            r.report(H1, rec(MODE_IS_EXCLUDE, G, C1, C2, N));
            assertThat(r.sources(G)).containsExactly(C1, C2, N);
            assertThat(r.sourceTimer(G, N)).isEqualTo(GMI);
            assertThat(r.sourceTimer(G, C1)).isEqualTo(GMI - T1);
            assertThat(r.sourceTimer(G, C2)).isZero();
            assertThat(r.group(G).groupTimerMs()).isEqualTo(GMI);
            assertThat(r.forwarding(G).sources()).isEqualTo(SourceList.of(C2));
            assertThat(r.takeTx()).isEmpty();
        }
    }

    @Nested
    @DisplayName("6.4.2 Reception of Filter-Mode-Change and Source-List-Change Records")
    class StateChange {
        @Test
        @DisplayName("INCLUDE (A) | ALLOW (B) | INCLUDE (A+B) | (B)=GMI")
        void include_A_ALLOW_B() {
            Rig r = includeA();
            r.report(H1, rec(ALLOW_NEW_SOURCES, G, C, B1));
            assertThat(r.mode(G)).isEqualTo(FilterMode.INCLUDE);
            assertThat(r.sources(G)).containsExactly(A1, A2, C, B1);
            assertThat(r.sourceTimer(G, B1)).isEqualTo(GMI);
            assertThat(r.sourceTimer(G, C)).isEqualTo(GMI);
            assertThat(r.sourceTimer(G, A2)).isEqualTo(GMI - T1);
            assertThat(r.takeTx()).isEmpty();
        }

        @Test
        @DisplayName("INCLUDE (A) | BLOCK (B) | INCLUDE (A) | Send Q(G,A*B)")
        void include_A_BLOCK_B() {
            Rig r = includeA();
            r.report(H1, rec(BLOCK_OLD_SOURCES, G, C, B1));
            assertThat(r.sources(G)).containsExactly(A1, A2, C);
            assertThat(r.sourceTimer(G, C)).isEqualTo(LMQT);
            assertThat(r.sourceTimer(G, A1)).isEqualTo(GMI - T1);
            List<Transmit> tx = r.takeTx();
            assertThat(tx).hasSize(1);
            assertSpecificQuery(tx.get(0), false, C);
            // LMQC - 1 = 1 retransmission after LMQI, then the source expires at LMQT
            r.at(T1 + 999);
            assertThat(r.takeTx()).isEmpty();
            r.at(T1 + 1000);
            tx = r.takeTx();
            assertThat(tx).hasSize(1);
            assertSpecificQuery(tx.get(0), false, C);
            r.at(T1 + LMQT - 1);
            assertThat(r.sources(G)).contains(C);
            r.at(T1 + LMQT);
            assertThat(r.sources(G)).containsExactly(A1, A2);
            assertThat(r.takeTx()).isEmpty();
            assertThat(r.takeEvents()).containsExactly(new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.of(A1, A2)));
        }

        @Test
        @DisplayName("INCLUDE (A) | TO_EX (B) | EXCLUDE (A*B, B-A) | (B-A)=0, Delete (A-B), Send Q(G,A*B), Group Timer=GMI")
        void include_A_TO_EX_B() {
            Rig r = includeA();
            r.report(H1, rec(CHANGE_TO_EXCLUDE_MODE, G, C, B1));
            assertThat(r.mode(G)).isEqualTo(FilterMode.EXCLUDE);
            assertThat(r.sources(G)).containsExactly(C, B1);
            assertThat(r.sourceTimer(G, C)).isEqualTo(LMQT);
            assertThat(r.sourceTimer(G, B1)).isZero();
            assertThat(r.group(G).groupTimerMs()).isEqualTo(GMI);
            List<Transmit> tx = r.takeTx();
            assertThat(tx).hasSize(1);
            assertSpecificQuery(tx.get(0), false, C);
            assertThat(r.forwarding(G)).isEqualTo(new ForwardingEvent(IF, G, FilterMode.EXCLUDE, SourceList.of(B1)));
            r.at(T1 + LMQT); // nobody answered for c: it joins Y
            assertThat(r.forwarding(G)).isEqualTo(new ForwardingEvent(IF, G, FilterMode.EXCLUDE, SourceList.of(C, B1)));
        }

        @Test
        @DisplayName("INCLUDE (A) | TO_IN (B) | INCLUDE (A+B) | (B)=GMI, Send Q(G,A-B)")
        void include_A_TO_IN_B() {
            Rig r = includeA();
            r.report(H1, rec(CHANGE_TO_INCLUDE_MODE, G, C, B1));
            assertThat(r.mode(G)).isEqualTo(FilterMode.INCLUDE);
            assertThat(r.sources(G)).containsExactly(A1, A2, C, B1);
            assertThat(r.sourceTimer(G, C)).isEqualTo(GMI);
            assertThat(r.sourceTimer(G, B1)).isEqualTo(GMI);
            assertThat(r.sourceTimer(G, A1)).isEqualTo(LMQT);
            assertThat(r.sourceTimer(G, A2)).isEqualTo(LMQT);
            List<Transmit> tx = r.takeTx();
            assertThat(tx).hasSize(1);
            assertSpecificQuery(tx.get(0), false, A1, A2);
        }

        @Test
        @DisplayName("EXCLUDE (X,Y) | ALLOW (A) | EXCLUDE (X+A, Y-A) | (A)=GMI")
        void exclude_XY_ALLOW_A() {
            Rig r = excludeXY();
            r.report(H1, rec(ALLOW_NEW_SOURCES, G, C1, C2, N));
            assertThat(r.sources(G)).containsExactly(X1, C1, Y1, C2, N);
            for (String s : List.of(C1, C2, N)) assertThat(r.sourceTimer(G, s)).as(s).isEqualTo(GMI);
            assertThat(r.sourceTimer(G, Y1)).isZero();
            assertThat(r.forwarding(G).sources()).isEqualTo(SourceList.of(Y1));
            assertThat(r.takeTx()).isEmpty();
        }

        @Test
        @DisplayName("EXCLUDE (X,Y) | BLOCK (A) | EXCLUDE (X+(A-Y), Y) | (A-X-Y)=Group Timer, Send Q(G,A-Y)")
        void exclude_XY_BLOCK_A() {
            Rig r = excludeXY();
            long groupTimer = r.group(G).groupTimerMs();
            r.report(H1, rec(BLOCK_OLD_SOURCES, G, C1, C2, N));
            assertThat(r.sources(G)).containsExactly(X1, C1, Y1, C2, N);
            // n got the group timer, then Q(G,A-Y) lowered c1 and n to LMQT
            assertThat(groupTimer).isEqualTo(GMI - T1);
            assertThat(r.sourceTimer(G, N)).isEqualTo(LMQT);
            assertThat(r.sourceTimer(G, C1)).isEqualTo(LMQT);
            assertThat(r.sourceTimer(G, X1)).isEqualTo(GMI - T1);
            assertThat(r.sourceTimer(G, C2)).isZero();
            assertThat(r.sourceTimer(G, Y1)).isZero();
            assertThat(r.group(G).groupTimerMs()).isEqualTo(GMI - T1);
            List<Transmit> tx = r.takeTx();
            assertThat(tx).hasSize(1);
            assertSpecificQuery(tx.get(0), false, C1, N);
        }

        @Test
        @DisplayName("EXCLUDE (X,Y) | BLOCK (A) | (A-X-Y)=Group Timer, seen by a non-querier")
        void exclude_XY_BLOCK_A_nonQuerier() {
            Rig r = excludeXY();
            r.query(LOWER_ROUTER, MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125));
            r.report(H1, rec(BLOCK_OLD_SOURCES, G, C1, C2, N));
            assertThat(r.sourceTimer(G, N)).isEqualTo(GMI - T1); // = Group Timer, no query lowered it
            assertThat(r.sourceTimer(G, C1)).isEqualTo(GMI - T1);
            assertThat(r.takeTx()).isEmpty();
        }

        @Test
        @DisplayName("EXCLUDE (X,Y) | TO_EX (A) | EXCLUDE (A-Y, Y*A) | (A-X-Y)=Group Timer, Delete (X-A), Delete (Y-A), Send Q(G,A-Y), Group Timer=GMI")
        void exclude_XY_TO_EX_A() {
            Rig r = excludeXY();
            r.report(H1, rec(CHANGE_TO_EXCLUDE_MODE, G, C1, C2, N));
            assertThat(r.sources(G)).containsExactly(C1, C2, N);
            assertThat(r.sourceTimer(G, N)).isEqualTo(LMQT);
            assertThat(r.sourceTimer(G, C1)).isEqualTo(LMQT);
            assertThat(r.sourceTimer(G, C2)).isZero();
            assertThat(r.group(G).groupTimerMs()).isEqualTo(GMI);
            List<Transmit> tx = r.takeTx();
            assertThat(tx).hasSize(1);
            assertSpecificQuery(tx.get(0), false, C1, N);
            assertThat(r.forwarding(G).sources()).isEqualTo(SourceList.of(C2));
        }

        @Test
        @DisplayName("EXCLUDE (X,Y) | TO_EX (A) | (A-X-Y)=Group Timer, seen by a non-querier")
        void exclude_XY_TO_EX_A_nonQuerier() {
            Rig r = excludeXY();
            r.query(LOWER_ROUTER, MembershipQuery.v3(0, SourceList.EMPTY, 100, false, 2, 125));
            r.report(H1, rec(CHANGE_TO_EXCLUDE_MODE, G, C1, C2, N));
            assertThat(r.sourceTimer(G, N)).isEqualTo(GMI - T1); // the old Group Timer, not the new GMI
            assertThat(r.group(G).groupTimerMs()).isEqualTo(GMI);
        }

        @Test
        @DisplayName("EXCLUDE (X,Y) | TO_IN (A) | EXCLUDE (X+A, Y-A) | (A)=GMI, Send Q(G,X-A), Send Q(G)")
        void exclude_XY_TO_IN_A() {
            Rig r = excludeXY();
            r.report(H1, rec(CHANGE_TO_INCLUDE_MODE, G, C1, C2, N));
            assertThat(r.mode(G)).isEqualTo(FilterMode.EXCLUDE);
            assertThat(r.sources(G)).containsExactly(X1, C1, Y1, C2, N);
            for (String s : List.of(C1, C2, N)) assertThat(r.sourceTimer(G, s)).as(s).isEqualTo(GMI);
            assertThat(r.sourceTimer(G, X1)).isEqualTo(LMQT);
            assertThat(r.sourceTimer(G, Y1)).isZero();
            assertThat(r.group(G).groupTimerMs()).isEqualTo(LMQT);
            List<Transmit> tx = r.takeTx();
            assertThat(tx).hasSize(2);
            assertSpecificQuery(tx.get(0), false);     // Q(G)
            assertSpecificQuery(tx.get(1), false, X1); // Q(G,X-A)
            // nobody answers: the group timer expires (6.5) and the group goes to INCLUDE with the running sources
            r.at(T1 + LMQT);
            assertThat(r.mode(G)).isEqualTo(FilterMode.INCLUDE);
            assertThat(r.sources(G)).containsExactly(C1, C2, N);
            assertThat(r.forwarding(G)).isEqualTo(new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.of(C1, C2, N)));
        }
    }

    @Nested
    @DisplayName("6.3 Source-Specific Forwarding Rules")
    class Forwarding {
        @Test
        @DisplayName("INCLUDE | TIMER > 0 | Suggest to forward traffic from source")
        void includeTimerRunningForwards() {
            Rig r = includeA();
            assertThat(r.forwarding(G).forwards(ip(A1))).isTrue();
            assertThat(r.group(G).sources().get(0).forwarded()).isTrue();
        }

        @Test
        @DisplayName("INCLUDE | TIMER == 0 | Suggest to stop forwarding traffic from source and remove source record; no records left: delete group record")
        void includeTimerExpiredRemoves() {
            Rig r = includeA();
            r.report(H1, rec(MODE_IS_INCLUDE, G, C));
            r.at(GMI);
            assertThat(r.sources(G)).containsExactly(C);
            assertThat(r.takeEvents()).containsExactly(new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.of(C)));
            r.at(T1 + GMI);
            assertThat(r.group(G)).isNull();
            assertThat(r.takeEvents()).containsExactly(new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.EMPTY));
        }

        @Test
        @DisplayName("INCLUDE | No Source Elements | Suggest to not forward traffic from source")
        void includeNoElementDoesNotForward() {
            Rig r = includeA();
            assertThat(r.forwarding(G).forwards(ip("10.9.9.9"))).isFalse();
        }

        @Test
        @DisplayName("EXCLUDE | TIMER > 0 | Suggest to forward traffic from source")
        void excludeTimerRunningForwards() {
            Rig r = excludeXY();
            assertThat(r.forwarding(G).forwards(ip(X1))).isTrue();
        }

        @Test
        @DisplayName("EXCLUDE | TIMER == 0 | Suggest to not forward traffic from source (DO NOT remove record)")
        void excludeTimerExpiredBlocksButKeeps() {
            Rig r = excludeXY();
            r.report(H1, rec(MODE_IS_EXCLUDE, G, X1, C1, Y1, C2)); // refresh the group timer, not x1/c1
            r.at(GMI);
            assertThat(r.sources(G)).containsExactly(X1, C1, Y1, C2);
            assertThat(r.sourceTimer(G, X1)).isZero();
            assertThat(r.forwarding(G)).isEqualTo(new ForwardingEvent(IF, G, FilterMode.EXCLUDE, SourceList.of(X1, C1, Y1, C2)));
            assertThat(r.takeEvents()).containsExactly(new ForwardingEvent(IF, G, FilterMode.EXCLUDE, SourceList.of(X1, C1, Y1, C2)));
        }

        @Test
        @DisplayName("EXCLUDE | No Source Elements | Suggest to forward traffic from source")
        void excludeNoElementForwards() {
            Rig r = excludeXY();
            assertThat(r.forwarding(G).forwards(ip("10.9.9.9"))).isTrue();
            assertThat(r.forwarding(G).forwards(ip(Y1))).isFalse();
        }
    }

    @Nested
    @DisplayName("6.5 Switching Router Filter-Modes")
    class GroupTimer {
        @Test
        @DisplayName("G_Timer > 0 | EXCLUDE mode stays")
        void groupTimerRunningKeepsExclude() {
            Rig r = excludeXY();
            r.at(GMI - 1);
            assertThat(r.mode(G)).isEqualTo(FilterMode.EXCLUDE);
        }

        @Test
        @DisplayName("G_Timer == 0 | source timers running: switch to INCLUDE with those sources")
        void groupTimerExpiresToInclude() {
            Rig r = excludeXY();
            r.report(H1, rec(ALLOW_NEW_SOURCES, G, N)); // n runs until T1 + GMI
            r.takeEvents();
            r.at(GMI);
            assertThat(r.mode(G)).isEqualTo(FilterMode.INCLUDE);
            assertThat(r.sources(G)).containsExactly(N);
            assertThat(r.group(G).groupTimerMs()).isZero();
            assertThat(r.takeEvents()).containsExactly(new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.of(N)));
        }

        @Test
        @DisplayName("G_Timer == 0 | all source timers expired: delete group record")
        void groupTimerExpiresDeletes() {
            Rig r = excludeXY();
            r.at(GMI);
            assertThat(r.group(G)).isNull();
            assertThat(r.takeEvents()).containsExactly(new ForwardingEvent(IF, G, FilterMode.INCLUDE, SourceList.EMPTY));
        }
    }
}
