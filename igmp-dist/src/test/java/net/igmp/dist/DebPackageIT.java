package net.igmp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The .deb in a clean root: a root made of the package's dependencies only (the libc6 libraries, useradd and a
 * shell, copied from this machine, and a dpkg database that lists them), with no JDK. The package is installed
 * there with this machine's dpkg ({@code --root}, which runs the maintainer scripts chrooted), its command runs
 * chrooted, and removing and purging it must give back the root as it was. Needs root; skipped elsewhere with a
 * message, failing under CI=true.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebPackageIT {
    private static final Path TARGET = Path.of(System.getProperty("igmp.deb.dir", "target"));
    /** Changed by installing and purging: the package's system user and dpkg's own database and log. */
    private static final List<String> PURGE_LEAVES = List.of("etc/passwd", "etc/group", "etc/shadow", "etc/gshadow",
            "etc/passwd-", "etc/group-", "etc/shadow-", "etc/gshadow-", "etc/.pwd.lock", "var/lib/dpkg/**", "var/log/dpkg.log");

    private Path deb;
    private Path root;
    private Map<String, String> before;

    @BeforeAll
    void cleanRoot() throws IOException {
        Environment.requireRoot();
        for (String command : List.of("dpkg", "chroot", "unshare", "ldd")) Environment.requireCommand(command);
        try (Stream<Path> debs = Files.list(TARGET)) {
            deb = debs.filter(p -> p.getFileName().toString().matches("igmp_.*_.*\\.deb")).findFirst().orElseThrow(
                    () -> new AssertionError("no igmp_<version>_<arch>.deb in " + TARGET + ": the package phase makes it"));
        }
        root = TARGET.resolve("clean-root");
        CleanRoot.create(root);
        before = snapshot(root);
    }

    @Test
    @Order(5)
    void lintianFindsNoErrorOrWarning() {
        Environment.requireCommand("lintian");
        Proc.Result lintian = Proc.run("lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", deb.toString());
        assertThat(lintian.output().lines().filter(l -> l.matches("[EW]: .*")))
                .as("lintian (overrides, with their reasons: igmp-dist/src/deb/lintian-overrides)").isEmpty();
        assertThat(lintian.code()).as(lintian.output()).isZero();
    }

    @Test
    @Order(10)
    void installsWithDpkgIntoTheCleanRoot() throws IOException {
        Proc.Result install = Proc.run("dpkg", "--root=" + root, "-i", deb.toString());
        assertThat(install.code()).as("dpkg -i:\n%s", install.output()).isZero();
        assertThat(Proc.run("dpkg", "--root=" + root, "-s", "igmp").output()).contains("Status: install ok installed");
        for (String file : List.of("usr/bin/igmp", "usr/lib/systemd/system/igmp-router.service", "etc/igmp/router.yaml",
                "usr/share/bash-completion/completions/igmp", "usr/share/doc/igmp/copyright", "usr/share/doc/igmp/changelog.gz",
                "usr/share/man/man1/igmp.1.gz"))
            assertThat(root.resolve(file)).as(file).exists();
        assertThat(Files.readString(root.resolve("var/lib/dpkg/info/igmp.conffiles")).strip()).isEqualTo("/etc/igmp/router.yaml");
        assertThat(Files.readAllLines(root.resolve("etc/passwd")))
                .as("postinst creates the system user").anyMatch(l -> l.startsWith("igmp:") && l.endsWith(":/usr/sbin/nologin"));
    }

    @Test
    @Order(15)
    void copyrightCoversEveryBundledLibrary() throws IOException {
        List<PathMatcher> covered = Files.readAllLines(root.resolve("usr/share/doc/igmp/copyright")).stream()
                .filter(l -> l.startsWith("Files: ") && !l.equals("Files: *"))
                .flatMap(l -> Stream.of(l.substring("Files: ".length()).trim().split("\\s+")))
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
        try (Stream<Path> jars = Files.list(root.resolve("usr/lib/igmp/lib"))) {
            assertThat(jars.map(j -> root.relativize(j)).filter(j -> !j.getFileName().toString().startsWith("igmp-")))
                    .as("a bundled jar without its Files: stanza in igmp-dist/src/deb/copyright")
                    .allMatch(j -> covered.stream().anyMatch(m -> m.matches(j)))
                    .isNotEmpty();
        }
    }

    @Test
    @Order(20)
    void igmpRunsThereWithItsOwnRuntimeAndNoJdk() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("java")).map(p -> root.relativize(p).toString()))
                    .as("the only java in the root").containsExactly("usr/lib/igmp/runtime/bin/java");
        }
        Proc.Result help = chrooted("/usr/bin/igmp", "--help");
        assertThat(help.code()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: igmp", "router", "simulate");
        // YAML scenarios, JSON, HTML and pcap output: the runtime image has the modules these need
        Path demo = root.resolve("tmp/demo");
        Proc.Result run = chrooted("/usr/bin/igmp", "demo", "--out", "/tmp/demo");
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(demo.resolve("report.html")).exists();
        Files.copy(Path.of(System.getProperty("igmp.examples", "../examples"), "demo.yaml"), root.resolve("tmp/scenario.yaml"));
        Proc.Result json = chrooted("/usr/bin/igmp", "simulate", "/tmp/scenario.yaml", "--json");
        assertThat(json.code()).as(json.output()).isZero();
        assertThat(json.output()).contains("\"deliveries\"");
        Proc.Result decode = chrooted("/usr/bin/igmp", "decode", "--json", "1600fa04ef010101");
        assertThat(decode.code()).as(decode.output()).isZero();
        assertThat(decode.output()).contains("v2-report");
    }

    @Test
    @Order(30)
    void everyCommandHasAManPage() throws IOException {
        Set<String> pages = new LinkedHashSet<>();
        collectCommands(List.of("igmp"), pages);
        assertThat(pages).contains("igmp", "igmp-router", "igmp-show");
        try (Stream<Path> shipped = Files.list(root.resolve("usr/share/man/man1"))) {
            assertThat(shipped.map(p -> p.getFileName().toString().replaceAll("\\.1\\.gz$", "")))
                    .as("one page per command (igmp-show for igmp show), no other").containsExactlyInAnyOrderElementsOf(pages);
        }
    }

    @Test
    @Order(35)
    void manPagesRenderWithoutWarnings() throws IOException {
        Environment.requireCommand("groff");
        try (Stream<Path> pages = Files.list(root.resolve("usr/share/man/man1"))) {
            for (Path page : pages.toList()) {
                Proc.Result render = Proc.run("sh", "-c", "gzip -dc \"$1\" | groff -man -ww -z", "sh", page.toString());
                assertThat(render.output()).as("groff warnings for " + page.getFileName()).isEmpty();
            }
        }
    }

    @Test
    @Order(40)
    void bashCompletesCommandsAndOptions() {
        Path completion = root.resolve("usr/share/bash-completion/completions/igmp");
        Proc.Result r = Proc.run("bash", "-c", """
                source "$1" 2>/dev/null
                COMP_WORDS=(igmp rou); COMP_CWORD=1; _complete_igmp igmp rou igmp 2>/dev/null; echo "${COMPREPLY[*]}"
                COMP_WORDS=(igmp router --query-i); COMP_CWORD=2; _complete_igmp igmp --query-i router 2>/dev/null; echo "${COMPREPLY[*]}"
                """, "bash", completion.toString());
        assertThat(r.output().lines().toList()).containsExactly("router", "--query-interval");
    }

    @Test
    @Order(50)
    void systemdAnalyzeVerifyAcceptsTheUnit() throws IOException {
        Environment.requireCommand("systemd-analyze");
        Path unit = root.resolve("usr/lib/systemd/system/igmp-router.service");
        String text = Files.readString(unit);
        assertThat(text).contains("ExecStart=/usr/bin/igmp router --config /etc/igmp/router.yaml", "User=igmp",
                "AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW", "Restart=on-failure", "ExecReload=/bin/kill -HUP $MAINPID");
        // verify checks that ExecStart's program and the Documentation= man page exist: this machine's /usr with
        // the package's /usr laid over it, in a mount namespace of its own
        String script = "mount -t overlay overlay -o lowerdir=\"$1/usr\":/usr /usr && systemd-analyze verify \"$2\"";
        Proc.Result verify = Proc.run("unshare", "--mount", "sh", "-c", script, "sh", root.toString(),
                "/usr/lib/systemd/system/igmp-router.service");
        assertThat(verify.code()).as(verify.output()).isZero();
        assertThat(verify.output()).as("systemd-analyze verify says nothing about a good unit").isEmpty();
        // and the same check refuses a unit with a misspelt setting
        Path misspelt = TARGET.resolve("misspelt/igmp-router.service");
        Files.createDirectories(misspelt.getParent());
        Files.writeString(misspelt, text.replace("AmbientCapabilities=", "AmbientCapabilites="));
        Proc.Result refused = Proc.run("unshare", "--mount", "sh", "-c", script, "sh", root.toString(), misspelt.toString());
        assertThat(refused.output()).contains("Unknown key 'AmbientCapabilites'");
    }

    @Test
    @Order(60)
    void removeKeepsTheConfigAndPurgeLeavesNothing() throws IOException {
        // the files of the commands run above: their outputs and the JVM's performance data
        Proc.run("sh", "-c", "rm -rf \"$1\"/tmp/*", "sh", root.toString());
        Path config = root.resolve("etc/igmp/router.yaml");
        Files.writeString(config, "# edited by the administrator\n", StandardOpenOption.APPEND);
        Proc.Result again = Proc.run("dpkg", "--root=" + root, "-i", deb.toString());
        assertThat(again.code()).as("installing again (an upgrade to the same version):\n%s", again.output()).isZero();
        assertThat(Files.readString(config)).as("the administrator's edit survives").endsWith("# edited by the administrator\n");
        assertThat(Files.readAllLines(root.resolve("etc/passwd")).stream().filter(l -> l.startsWith("igmp:"))).hasSize(1);

        Proc.Result remove = Proc.run("dpkg", "--root=" + root, "-r", "igmp");
        assertThat(remove.code()).as(remove.output()).isZero();
        assertThat(config).as("a conffile stays until purge").exists();
        assertThat(root.resolve("usr/bin/igmp")).doesNotExist();
        assertThat(root.resolve("usr/lib/igmp")).doesNotExist();

        Proc.Result purge = Proc.run("dpkg", "--root=" + root, "--purge", "igmp");
        assertThat(purge.code()).as(purge.output()).isZero();
        Map<String, String> after = snapshot(root);
        List<PathMatcher> allowed = PURGE_LEAVES.stream()
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
        List<String> changed = new ArrayList<>();
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        for (String path : paths)
            if (!Objects.equals(before.get(path), after.get(path))
                    && allowed.stream().noneMatch(m -> m.matches(Path.of(path))))
                changed.add(path + ": " + before.get(path) + " -> " + after.get(path));
        assertThat(changed).as("files the purge left changed, added or removed").isEmpty();
    }

    /** Adds {@code igmp-x-y} for every command under {@code igmp x y}, from the commands' own help. */
    private void collectCommands(List<String> command, Set<String> pages) {
        pages.add(String.join("-", command));
        List<String> args = new ArrayList<>(List.of("/usr/bin/igmp"));
        args.addAll(command.subList(1, command.size()));
        args.add("--help");
        Proc.Result help = chrooted(args.toArray(String[]::new));
        assertThat(help.code()).as(help.output()).isZero();
        boolean inCommands = false;
        Pattern entry = Pattern.compile("^  (\\S+)\\s{2,}\\S.*|^  (\\S+)$");
        for (String line : help.output().lines().toList()) {
            if (line.equals("Commands:")) inCommands = true;
            else if (inCommands && line.isBlank()) inCommands = false;
            else if (inCommands) {
                Matcher m = entry.matcher(line);
                if (!m.matches()) continue;
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                if (name.equals("help")) continue; // picocli's generic help command
                List<String> sub = new ArrayList<>(command);
                sub.add(name);
                collectCommands(sub, pages);
            }
        }
    }

    /** A command run chrooted in the root, with its own /proc, as root would run it after installing. */
    private Proc.Result chrooted(String... command) {
        List<String> args = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork",
                "--mount-proc=" + root.resolve("proc"), "chroot", root.toString(), "/usr/bin/env", "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"));
        args.addAll(List.of(command));
        return Proc.run(args.toArray(String[]::new));
    }

    /** Every path under the root with its type, size and permissions. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String what = Files.isSymbolicLink(p) ? "link " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
                        : "file " + Files.size(p);
                state.put(root.relativize(p).toString(), what + " "
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return state;
    }
}
