package net.igmp.wire;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that {@link IgmpView} reads the same bytes as {@link IgmpParser} does. */
final class ViewAgreement {
    private ViewAgreement() {}

    static void check(IgmpView v, byte[] b, int off, int len) {
        ParseResult r = IgmpParser.parse(b, off, len);
        boolean ok = v.wrap(b, off, len);
        switch (r) {
            case Malformed m -> {
                assertThat(ok).as("view accepts what the parser refuses: %s", m.describe()).isFalse();
                assertThat(v.error()).isEqualTo(m.error());
                assertThat(v.errorOffset()).isEqualTo(m.offset());
            }
            case ParseResult.Parsed p -> {
                assertThat(ok).as("view refuses (%s at %s) what the parser accepts", v.error(), v.errorOffset()).isTrue();
                assertThat(v.error()).isNull();
                assertThat(v.length()).isEqualTo(len);
                assertThat(v.checksumValid()).isEqualTo(p.checksumValid());
                IgmpMessage m = p.message();
                assertThat(v.type()).isEqualTo(m.type());
                switch (m) {
                    case MembershipQuery q -> {
                        assertThat(v.queryVersion()).isEqualTo(q.version());
                        assertThat(v.maxRespCode()).isEqualTo(q.maxRespCode());
                        assertThat(v.group()).isEqualTo(q.group());
                        assertThat(v.suppressRouterProcessing()).isEqualTo(q.suppressRouterProcessing());
                        assertThat(v.qrv()).isEqualTo(q.qrv());
                        assertThat(v.qqic()).isEqualTo(q.qqic());
                        assertThat(v.sourceCount()).isEqualTo(q.sources().size());
                        for (int i = 0; i < q.sources().size(); i++) assertThat(v.source(i)).isEqualTo(q.sources().get(i));
                    }
                    case V1MembershipReport x -> assertThat(v.group()).isEqualTo(x.group());
                    case V2MembershipReport x -> assertThat(v.group()).isEqualTo(x.group());
                    case LeaveGroup x -> assertThat(v.group()).isEqualTo(x.group());
                    case V3MembershipReport x -> {
                        assertThat(v.recordCount()).isEqualTo(x.records().size());
                        int i = 0;
                        for (int c = v.firstRecord(); c >= 0; c = v.nextRecord(c), i++) {
                            assertThat(i).as("more records walked than parsed").isLessThan(x.records().size());
                            GroupRecord g = x.records().get(i);
                            assertThat(v.recordType(c)).isEqualTo(g.recordTypeCode());
                            assertThat(v.recordGroup(c)).isEqualTo(g.group());
                            assertThat(v.recordSourceCount(c)).isEqualTo(g.sources().size());
                            for (int k = 0; k < g.sources().size(); k++) assertThat(v.recordSource(c, k)).isEqualTo(g.sources().get(k));
                        }
                        assertThat(i).as("records walked").isEqualTo(x.records().size());
                    }
                    case UnknownMessage u -> assertThat(v.maxRespCode()).isEqualTo(u.code());
                }
            }
        }
    }
}
