package net.igmp.linux.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A User-Mode Linux kernel (Debian's {@code user-mode-linux}) that runs one command and powers off. Its root file
 * system is this machine's own, through hostfs, so the command sees the same JDK, classes and build folders; the
 * guest mounts its own proc, sys, /run and /dev/shm on top and takes /run/tmp as its TMPDIR, so namespaces, sockets
 * and temporary files it makes never reach this machine. The kernel has IPv4 multicast routing built in, which is why the tests that need
 * the kernel's multicast routing table run here on kernels built without it.
 *
 * <p>The guest has no usable console in CI (no standard input), so the command's output and exit status are
 * written to files in a work folder that both sides see; the UML process's own exit status says nothing.
 */
public final class UmlKernel {
    /** The UML kernel of Debian's user-mode-linux package. */
    public static final Path LINUX_UML = Path.of("/usr/bin/linux.uml");
    /** Its modules (veth, bridge), by kernel release. */
    public static final Path MODULES = Path.of("/usr/lib/uml/modules");
    /** Set in the guest's environment: the command runs inside User-Mode Linux. */
    public static final String GUEST_MARKER = "IGMP_UML_GUEST";

    private UmlKernel() {}

    /** What the command printed (standard output and error together) and its exit status. */
    public record Result(int exitCode, String output, Duration elapsed) {}

    /** Why a UML kernel cannot be started here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        if (!Files.isExecutable(LINUX_UML)) return Optional.of("User-Mode Linux is not installed (" + LINUX_UML + "; apt-get install user-mode-linux kmod)");
        if (release().isEmpty()) return Optional.of("no UML kernel modules under " + MODULES + " (reinstall user-mode-linux)");
        if (!Files.isExecutable(Path.of("/usr/sbin/modprobe")) && !Files.isExecutable(Path.of("/sbin/modprobe")))
            return Optional.of("modprobe is not installed (apt-get install kmod), and the UML kernel needs it for veth and bridge");
        return Optional.empty();
    }

    /** The release of the UML kernel, from its module tree (e.g. 6.1.176). */
    public static Optional<String> release() {
        try (var dirs = Files.list(MODULES)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True inside a guest started by {@link #run}. */
    public static boolean isGuest() {
        return System.getenv(GUEST_MARKER) != null;
    }

    /**
     * Boots a UML kernel that runs {@code command} in {@code workDir} with {@code environment} added to a minimal
     * one, and waits at most {@code limit}.
     *
     * @throws IOException when the kernel does not start, or the command has not finished within the limit (the
     *     kernel is then killed)
     */
    public static Result run(List<String> command, Map<String, String> environment, Path workDir, Duration limit)
            throws IOException, InterruptedException {
        return run(command, environment, workDir, limit, "2G");
    }

    /** As {@link #run(List, Map, Path, Duration)}, with the guest's memory ({@code 2G}, {@code 6G}). */
    public static Result run(List<String> command, Map<String, String> environment, Path workDir, Duration limit, String memory)
            throws IOException, InterruptedException {
        String release = release().orElseThrow(() -> new IOException(unavailableReason().orElse("no UML kernel")));
        Path work = workDir.toAbsolutePath();
        Files.createDirectories(work);
        Path output = work.resolve("output.txt"), status = work.resolve("status"), console = work.resolve("console.txt");
        Files.deleteIfExists(output);
        Files.deleteIfExists(status);
        Path init = work.resolve("init.sh");
        Files.writeString(init, initScript(command, environment, work, release, output, status));
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));

        long start = System.nanoTime();
        // mem: the JVM and Maven's test classes need room; uml_dir keeps UML's pid and socket files in the work dir
        Process uml = new ProcessBuilder(LINUX_UML.toString(), "mem=" + memory, "rootfstype=hostfs", "rootflags=/", "rw",
                "init=" + init, "con=null", "con0=null", "uml_dir=" + work)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        boolean finished = uml.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            uml.descendants().forEach(ProcessHandle::destroyForcibly);
            uml.destroyForcibly();
            uml.waitFor(10, TimeUnit.SECONDS);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String printed = Files.exists(output) ? Files.readString(output) : "";
        if (!finished)
            throw new IOException("the command in User-Mode Linux had not finished after " + limit.toSeconds() + " s and was killed; its output:\n" + printed);
        if (!Files.exists(status))
            throw new IOException("User-Mode Linux stopped before the command finished (see " + console + "); its output:\n" + printed
                    + "\nconsole:\n" + tail(console));
        return new Result(Integer.parseInt(Files.readString(status).strip()), printed, elapsed);
    }

    /**
     * Runs a command inside User-Mode Linux from the shell, e.g. the whole test suite on a kernel that has multicast
     * routing: {@code UmlKernel [--mem 6G] [--minutes 80] [--work DIR] [--env NAME=VALUE]... -- COMMAND...}. The
     * command runs in the current directory; its output is printed when it ends, and its exit status is returned.
     */
    public static void main(String[] args) throws Exception {
        String memory = "2G";
        long minutes = 60;
        Path work = Path.of("target", "uml", "command");
        Map<String, String> env = new java.util.LinkedHashMap<>();
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i += 2) {
            if (i + 1 >= args.length) usage("missing value for " + args[i]);
            switch (args[i]) {
                case "--mem" -> memory = args[i + 1];
                case "--minutes" -> minutes = Long.parseLong(args[i + 1]);
                case "--work" -> work = Path.of(args[i + 1]);
                case "--env" -> {
                    String[] kv = args[i + 1].split("=", 2);
                    if (kv.length != 2) usage("--env wants NAME=VALUE, not " + args[i + 1]);
                    env.put(kv[0], kv[1]);
                }
                default -> usage("unknown option " + args[i]);
            }
        }
        if (i + 1 >= args.length) usage("no command after --");
        Optional<String> missing = unavailableReason();
        if (missing.isPresent()) usage(missing.get());
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", "cd " + quote(Path.of("").toAbsolutePath().toString()) + " && exec \"$@\"", "sh"));
        command.addAll(List.of(args).subList(i + 1, args.length));
        Result r = run(command, env, work, Duration.ofMinutes(minutes), memory);
        System.out.print(r.output());
        System.out.println("[uml] exit status " + r.exitCode() + " after " + r.elapsed().toSeconds() + " s in Linux " + release().orElse("?") + " (User-Mode Linux)");
        System.exit(r.exitCode());
    }

    private static void usage(String problem) {
        System.err.println("UmlKernel: " + problem);
        System.err.println("usage: UmlKernel [--mem 6G] [--minutes 80] [--work DIR] [--env NAME=VALUE]... -- COMMAND...");
        System.exit(64);
    }

    private static String initScript(List<String> command, Map<String, String> environment, Path work, String release,
                                     Path output, Path status) {
        String exports = environment.entrySet().stream()
                .map(e -> "export " + e.getKey() + "=" + quote(e.getValue())).collect(Collectors.joining("\n"));
        return """
                #!/bin/sh
                # PID 1 of a User-Mode Linux guest whose root is the host's file system (hostfs): everything the guest
                # writes outside its own mounts below lands on the host, so it mounts fresh ones first.
                export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TMPDIR=/run/tmp
                export %s=1
                %s
                {
                  mount -t proc proc /proc
                  mount -t sysfs sysfs /sys
                  mount -t tmpfs tmpfs /run
                  mkdir -p /run/tmp /dev/shm && mount -t tmpfs tmpfs /dev/shm
                  # modprobe looks in ROOT/lib/modules/RELEASE: a root of our own on the guest's /run
                  mkdir -p /run/modroot/lib/modules
                  ln -s %s /run/modroot/lib/modules/%s
                  modprobe -d /run/modroot veth && modprobe -d /run/modroot bridge
                  modprobe -d /run/modroot overlay # for a command that lays a root over /usr (the package tests)
                  ip link set lo up
                  cd %s
                  %s
                } > %s 2>&1 < /dev/null
                echo $? > %s.partial && mv %s.partial %s
                sync
                poweroff -f
                """.formatted(GUEST_MARKER, exports, MODULES.resolve(release), release, quote(work.toString()),
                command.stream().map(UmlKernel::quote).collect(Collectors.joining(" ")),
                quote(output.toString()), quote(status.toString()), quote(status.toString()), quote(status.toString()));
    }

    /** Single-quoted for sh. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no console output)";
        }
    }
}
