package net.igmp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.igmp.cli.SimulateCommandTest.Run;
import net.igmp.core.router.InterfaceConfig;
import net.igmp.core.router.Ipv4Prefix;
import net.igmp.core.router.RouterSetting;
import net.igmp.core.router.StaticGroup;
import net.igmp.linux.daemon.DaemonConfig;
import net.igmp.wire.Ipv4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final String ROUTER_YAML = EXAMPLES.resolve("router.yaml").toString();

    @TempDir
    Path dir;

    static Run igmp(String... args) {
        return SimulateCommandTest.igmp(args);
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void theExampleConfigGivesEachInterfaceItsOwnSettings() throws Exception {
        DaemonConfig d = RouterConfig.load(Path.of(ROUTER_YAML)).daemonConfig(List.of("lo", "vlan10", "vlan20", "eth0"), Path.of("/run/x"), false);
        assertThat(d.proxy()).isTrue();
        assertThat(d.upstream()).isEqualTo("wan0");
        assertThat(d.downstream()).containsExactly("lan0", "lan1", "vlan10", "vlan20");
        InterfaceConfig lan0 = d.configOf("lan0"), lan1 = d.configOf("lan1"), vlan = d.configOf("vlan20");
        assertThat(lan0.immediateLeave()).isTrue();
        assertThat(lan0.maxGroups()).isEqualTo(64);
        assertThat(lan0.groupAccess().permits(Ipv4.parse("239.1.1.1"))).isTrue();
        assertThat(lan0.groupAccess().permits(Ipv4.parse("239.255.0.1"))).isFalse();
        assertThat(lan0.groupAccess().permits(Ipv4.parse("238.1.1.1"))).as("whitelist: the rest refused").isFalse();
        assertThat(lan1.version()).isEqualTo(2);
        assertThat(lan1.lastMemberQueryIntervalMs()).isEqualTo(500);
        assertThat(lan1.immediateLeave()).isFalse();
        assertThat(lan1.staticGroups()).containsExactly(StaticGroup.parse("239.1.1.1"), StaticGroup.parse("232.1.1.1 from 10.0.0.2"));
        assertThat(lan1.trustedQueriers()).containsExactly(Ipv4Prefix.parse("10.1.1.1/32"));
        assertThat(vlan.neverQuerier()).isTrue();
        assertThat(d.upstreamHost().unsolicitedReportIntervalMs()).isEqualTo(1000);
        assertThat(d.control()).isEqualTo(Path.of("/run/igmp/igmp.sock"));
    }

    @Test
    void checkListsEveryErrorWithItsLineAndExits65() throws Exception {
        Path bad = file("bad.yaml", """
                mode: proxi
                querInterval: 5s
                interfaces:
                  - {name: eth0, queryInterval: 15s, queryResponseInterval: 20s}
                  - {name: eth1, version: 4, groupAccess: [allow 10.0.0.0/33], robustness: 0}
                  - {name: eth2, maxGroups: 0s, staticGroups: [224.0.0.5]}
                """);
        Run r = igmp("config", "check", bad.toString());
        assertThat(r.exit()).isEqualTo(Main.EX_DATAERR);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly(
                "igmp config check: bad.yaml:1: 'mode' must be proxy or router, not proxi (did you mean 'proxy'?)",
                "igmp config check: bad.yaml:2: unknown key 'querInterval' (did you mean 'queryInterval'?)",
                "igmp config check: bad.yaml:4: interface 'eth0': 'queryResponseInterval' (20s) must be shorter than 'queryInterval' (15s), RFC 9776 8.3",
                "igmp config check: bad.yaml:5: 'version' must be 1, 2 or 3, not 4",
                "igmp config check: bad.yaml:5: 'groupAccess': not a prefix: '10.0.0.0/33' (prefix length must be 0..32, got 33)",
                "igmp config check: bad.yaml:5: interface 'eth1': 'robustness' must be 1 to 255 (RFC 9776 8.1: not zero), got 0",
                "igmp config check: bad.yaml:6: 'maxGroups' must be a whole number from 1, or unlimited, not 0s",
                "igmp config check: bad.yaml:6: 'staticGroups': 224.0.0.5 is link-local (224.0.0.0/24): never forwarded");
        Run ok = igmp("config", "check", ROUTER_YAML);
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("../examples/router.yaml: valid; proxy mode, 4 interfaces, upstream wan0\n");
        assertThat(igmp("config", "check", dir.resolve("absent.yaml").toString()).exit()).isEqualTo(Main.EX_NOINPUT);
        assertThat(igmp("config", "check", file("empty.yaml", "\n").toString()).exit()).isEqualTo(Main.EX_DATAERR);
        assertThat(igmp("config", "check", file("yaml.yaml", "interfaces: [\n").toString()).err()).contains("yaml.yaml:").contains("not valid YAML");
    }

    @Test
    void theRouterRefusesAnInvalidFileWithItsFirstErrorAndSaysHowToSeeAll() throws Exception {
        Path bad = file("bad.yaml", "interfaces: [{name: a, robustness: x}, {name: b, version: 9}]\n");
        Run r = igmp("router", "--config", bad.toString());
        assertThat(r.exit()).isEqualTo(Main.EX_DATAERR);
        assertThat(r.err()).isEqualTo("igmp router: bad.yaml:1: 'robustness' must be a whole number, not x "
                + "(and 1 more; 'igmp config check' lists them)\n");
        assertThat(igmp("router", "--config", dir.resolve("nope.yaml").toString()).exit()).isEqualTo(Main.EX_NOINPUT);
    }

    @Test
    void optionsOverrideTheFileAndPrintConfigShowsTheResultAsAValidFile() throws Exception {
        Run r = igmp("router", "--config", ROUTER_YAML, "--print-config", "--igmp-version", "2", "--no-control", "--route-idle", "1m",
                "--static-groups", "239.9.9.9,239.9.9.8");
        assertThat(r.exit()).as(r.err()).isZero();
        Path printed = file("printed.yaml", r.out());
        RouterConfig c = RouterConfig.load(printed);
        assertThat(c.control()).isEqualTo("none");
        assertThat(c.routeIdle()).isEqualTo(60_000);
        DaemonConfig d = c.daemonConfig(List.of(), Path.of("/x"), false);
        assertThat(d.control()).isNull();
        // the option wins on every interface, also over lan1's own version 2 and static groups
        for (String i : List.of("wan0", "lan0", "lan1")) {
            assertThat(d.configOf(i).version()).isEqualTo(2);
            assertThat(d.configOf(i).staticGroups()).extracting(StaticGroup::toString).containsExactly("239.9.9.9", "239.9.9.8");
        }
        assertThat(d.configOf("lan0").maxGroups()).as("the file's other settings stay").isEqualTo(64);
        // printing what was printed gives the same text: nothing lost on the way
        assertThat(igmp("router", "--config", printed.toString(), "--print-config").out()).isEqualTo(r.out());
        // interfaces named on the command line replace the file's, keeping the settings of one named in both
        RouterConfig only = RouterConfig.parse(igmp("router", "--config", ROUTER_YAML, "--print-config", "-i", "lan1", "-i", "eth9").out(), "x");
        assertThat(only.mode()).isEqualTo("router");
        assertThat(only.interfaces()).extracting(RouterConfig.Interface::name).containsExactly("lan1", "eth9");
        assertThat(only.interfaces().getFirst().settings()).containsEntry(RouterSetting.VERSION, 2);
    }

    @Test
    void withNeitherFileNorInterfacesPrintConfigStillPrintsAFileThatReadsBack() {
        Run r = igmp("router", "--config", ROUTER_YAML + ".absent", "--print-config");
        assertThat(r.exit()).isEqualTo(Main.EX_NOINPUT);
        assertThat(r.err()).isEqualTo("igmp router: --config: no such file: ../examples/router.yaml.absent\n");
        String empty = new RouterConfig("router", null, List.of(), java.util.Map.of(), null, null, null, null, null).write();
        assertThat(RouterConfig.parse(empty, "empty.yaml").interfaces()).isEmpty();
    }

    @Test
    void withoutAFileTheOptionsSayItAll() {
        DaemonConfig d = UsageErrorsTest.routerConfig("-i", "a", "--never-querier", "--trusted-queriers", "10.0.0.1,10.0.1.0/24",
                "--group-access", "deny 239.1.0.0/16", "--ttl-threshold", "5", "--max-groups", "100");
        InterfaceConfig c = d.configOf("a");
        assertThat(c.neverQuerier()).isTrue();
        assertThat(c.trustedQueriers()).containsExactly(Ipv4Prefix.parse("10.0.0.1/32"), Ipv4Prefix.parse("10.0.1.0/24"));
        assertThat(c.groupAccess().permits(Ipv4.parse("239.1.2.3"))).isFalse();
        assertThat(c.groupAccess().permits(Ipv4.parse("239.2.2.3"))).isTrue();
        assertThat(c.ttlThreshold()).isEqualTo(5);
        assertThat(c.maxGroups()).isEqualTo(100);
        UsageErrorsTest.assertUsageError(igmp("router", "-i", "a", "--ttl-threshold", "300"),
                "igmp router: --ttl-threshold must be 1 to 255 (an IPv4 TTL), got 300");
        UsageErrorsTest.assertUsageError(igmp("router", "-i", "a", "--static-groups", "10.1.1.1"),
                "igmp router: --static-groups: 10.1.1.1 is not a multicast group (224.0.0.0/4)");
        UsageErrorsTest.assertUsageError(igmp("router", "-i", "a", "--never-querier", "--no-never-querier"),
                "igmp router: --never-querier and --no-never-querier do not go together");
    }

    @Test
    void everySettingOfTheTableIsAnOptionAndAFileKey() throws Exception {
        var spec = Main.commandLine().getSubcommands().get("router").getCommandSpec();
        for (RouterSetting s : RouterSetting.values()) {
            assertThat(spec.findOption(s.option())).as(s.option()).isNotNull();
            assertThat(net.igmp.sim.ScenarioLoader.ROUTER_SETTINGS).contains(s.key());
        }
        // a value written out reads back the same, for every setting
        InterfaceConfig c = InterfaceConfig.DEFAULTS;
        for (RouterSetting s : RouterSetting.values()) {
            if (!s.routerSide()) continue;
            Object v = s.get(c);
            Object back = s.kind().list() ? s.parseItems(s.format(v)) : s.parse(s.format(v).getFirst());
            assertThat(back).as(s.key()).isEqualTo(v);
        }
    }

    @Test
    void patternsTakeTheInterfacesNotNamedOnTheirOwn() {
        RouterConfig c = RouterConfig.parse("""
                interfaces:
                  - {name: "eth*", version: 2}
                  - {name: eth1}
                  - {name: eth2, disabled: true}
                  - {name: "vlan+", neverQuerier: true}
                """, "p.yaml");
        DaemonConfig d = c.daemonConfig(List.of("eth0", "eth1", "eth2", "vlan7", "wlan0"), Path.of("/x"), false);
        assertThat(d.interfaces()).containsExactly("eth1", "eth0", "vlan7");
        assertThat(d.configOf("eth0").version()).isEqualTo(2);
        assertThat(d.configOf("eth1").version()).isEqualTo(3);
        assertThat(d.configOf("vlan7").neverQuerier()).isTrue();
    }

    // ------------------------------------------------------------------ importers

    @Test
    void igmpproxysExampleImportsWithEveryKeywordCarriedOrWarned() throws Exception {
        Run r = igmp("config", "import", "igmpproxy", EXAMPLES.resolve("import/igmpproxy-all.conf").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err().lines().map(l -> l.replaceAll(":[0-9]+: ([a-z0-9]+).*", ": $1")).toList()).containsExactly(
                "igmp config import: warning: igmpproxy-all.conf: quickleave",
                "igmp config import: warning: igmpproxy-all.conf: rescanvif",
                "igmp config import: warning: igmpproxy-all.conf: chroot",
                "igmp config import: warning: igmpproxy-all.conf: user",
                "igmp config import: warning: igmpproxy-all.conf: hashtablesize",
                "igmp config import: warning: igmpproxy-all.conf: whitelist",
                "igmp config import: warning: igmpproxy-all.conf: ratelimit",
                "igmp config import: warning: igmpproxy-all.conf: 224");
        RouterConfig c = RouterConfig.parse(r.out(), "imported.yaml");
        DaemonConfig d = c.daemonConfig(List.of("ppp0", "eth1", "eth2", "eth0:0", "eth5"), Path.of("/x"), false);
        assertThat(d.upstream()).isEqualTo("ppp0");
        assertThat(d.downstream()).as("defaultdown: the rest downstream, but not the disabled").containsExactly("eth1", "eth2", "eth5");
        InterfaceConfig eth1 = d.configOf("eth1");
        assertThat(eth1.ttlThreshold()).isEqualTo(3);
        assertThat(eth1.groupAccess().permits(Ipv4.parse("239.1.2.3"))).isTrue();
        assertThat(eth1.groupAccess().permits(Ipv4.parse("239.1.255.3"))).as("blacklist").isFalse();
        assertThat(eth1.groupAccess().permits(Ipv4.parse("239.2.2.3"))).as("not whitelisted").isFalse();
        assertThat(eth1.immediateLeave()).as("quickleave never cuts other viewers").isFalse();
        assertThat(d.configOf("ppp0").altnet()).containsExactly(Ipv4Prefix.parse("10.0.0.0/8"), Ipv4Prefix.parse("192.168.0.0/24"));
        assertThat(d.configOf("eth2").groupAccess().permits(Ipv4.parse("239.255.255.250"))).isFalse();

        Run debian = igmp("config", "import", "igmpproxy", EXAMPLES.resolve("import/igmpproxy-debian.conf").toString());
        assertThat(debian.exit()).as(debian.err()).isZero();
        DaemonConfig dd = RouterConfig.parse(debian.out(), "x").daemonConfig(List.of(), Path.of("/x"), false);
        assertThat(dd.upstream()).isEqualTo("eth0");
        assertThat(dd.downstream()).containsExactly("eth1");
    }

    @Test
    void smcroutesExampleImportsAsStaticGroupsOnTheOutgoingInterfaces() throws Exception {
        Run r = igmp("config", "import", "smcroute", EXAMPLES.resolve("import/smcroute-all.conf").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("smcroute-all.conf:2: mrdisc", "smcroute-all.conf:11: 232.2.2.2 is in the SSM range",
                "smcroute-all.conf:12: 224.0.0.251 is link-local", "iptv.conf:3: group range 239.3.0.0/24");
        DaemonConfig d = RouterConfig.parse(r.out(), "x").daemonConfig(List.of(), Path.of("/x"), false);
        assertThat(d.interfaces()).containsExactly("eth0", "eth1", "eth2");
        assertThat(d.configOf("eth0").ttlThreshold()).isEqualTo(2);
        assertThat(d.configOf("eth1").staticGroups()).extracting(StaticGroup::toString).containsExactly("239.1.1.1", "232.1.1.1 from 10.0.0.2");
        assertThat(d.configOf("eth2").staticGroups()).extracting(StaticGroup::toString)
                .containsExactly("239.1.1.1", "232.2.2.2", "239.2.2.2 from 10.0.0.3");

        Run debian = igmp("config", "import", "smcroute", EXAMPLES.resolve("import/smcroute-debian.conf").toString());
        assertThat(debian.exit()).as(debian.err()).isZero();
        assertThat(RouterConfig.parse(debian.out(), "x").interfaces()).extracting(RouterConfig.Interface::name)
                .containsExactly("eth0", "eth1", "eth2", "virbr0");
    }

    @Test
    void importErrorsNameTheLineAndExit65() throws Exception {
        Run r = igmp("config", "import", "igmpproxy", file("i.conf", "phyint eth0 upstream\nphyint eth1 sideways\n").toString());
        assertThat(r.exit()).isEqualTo(Main.EX_DATAERR);
        assertThat(r.err()).isEqualTo("igmp config import: i.conf:2: phyint eth1: role must be upstream, downstream or disabled, not 'sideways'\n");
        Run s = igmp("config", "import", "smcroute", file("s.conf", "phyint eth0 enable\nmroute from eth0 group 239.1.1.1\n").toString());
        assertThat(s.exit()).isEqualTo(Main.EX_DATAERR);
        assertThat(s.err()).isEqualTo("igmp config import: s.conf:2: mroute needs 'to OIF...'\n");
        UsageErrorsTest.assertUsageError(igmp("config", "import", "pimd", ROUTER_YAML),
                "igmp config import: the format must be igmpproxy or smcroute, not 'pimd'");
    }
}
