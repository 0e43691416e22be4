package net.igmp.linux.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lab of Linux network namespaces for tests and the lab benchmark: real kernel hosts joined by veth pairs and
 * bridges. Everything it makes lives inside namespaces it created, named uniquely for this run; nothing in the
 * root namespace is touched (veth pairs are created directly inside their namespaces with {@code ip -n}).
 * {@link #close()} deletes the namespaces, and a shutdown hook does so if the JVM exits first.
 */
public final class NetnsLab implements AutoCloseable {
    private static final AtomicInteger LABS = new AtomicInteger();

    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook;
    private boolean closed;

    private NetnsLab(String prefix) {
        this.prefix = prefix;
        this.hook = new Thread(this::cleanUp, "netns-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A lab whose namespaces are named {@code tag-PID-N-name}. */
    public static NetnsLab create(String tag) {
        return new NetnsLab(tag + "-" + ProcessHandle.current().pid() + "-" + LABS.incrementAndGet());
    }

    /**
     * Why labs cannot be built here, or empty when they can: needs root (CAP_SYS_ADMIN for namespaces) and iproute2.
     * Tests skip with this message outside CI and fail with it in CI.
     */
    public static Optional<String> unavailableReason() {
        try {
            Result id = run(List.of("id", "-u"));
            if (!id.stdout().strip().equals("0")) return Optional.of("network namespace tests need root (uid 0); running as uid " + id.stdout().strip());
            Result ip = run(List.of("ip", "-V"));
            if (ip.exitCode() != 0) return Optional.of("iproute2 ('ip') is not installed");
            String probe = "igmp-probe-" + ProcessHandle.current().pid() + "-" + LABS.incrementAndGet();
            Result add = run(List.of("ip", "netns", "add", probe));
            if (add.exitCode() != 0) return Optional.of("cannot create a network namespace: " + add.stderr().strip());
            run(List.of("ip", "netns", "del", probe));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run iproute2: " + e.getMessage());
        }
    }

    /** Creates a namespace with loopback up; returns its full name for {@code ip netns exec}. */
    public String namespace(String name) {
        String ns = prefix + "-" + name;
        must("ip", "netns", "add", ns);
        namespaces.add(ns);
        must("ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /** A veth pair from {@code ifA} in {@code nsA} to {@code ifB} in {@code nsB}, both up. */
    public void veth(String nsA, String ifA, String nsB, String ifB) {
        must("ip", "-n", nsA, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", nsB);
        must("ip", "-n", nsA, "link", "set", ifA, "up");
        must("ip", "-n", nsB, "link", "set", ifB, "up");
    }

    /** A Linux bridge in {@code ns} with IGMP snooping off (a plain shared segment), up. */
    public void bridge(String ns, String name) {
        must("ip", "-n", ns, "link", "add", name, "type", "bridge", "mcast_snooping", "0");
        must("ip", "-n", ns, "link", "set", name, "up");
    }

    /** Attaches {@code port} in {@code ns} to the bridge {@code bridge} in the same namespace. */
    public void attach(String ns, String port, String bridge) {
        must("ip", "-n", ns, "link", "set", port, "master", bridge);
    }

    public void address(String ns, String ifName, String cidr) {
        must("ip", "-n", ns, "addr", "add", cidr, "dev", ifName);
    }

    /** Sets a sysctl inside the namespace only. */
    public void sysctl(String ns, String key, String value) {
        must("ip", "netns", "exec", ns, "sysctl", "-q", "-w", key + "=" + value);
    }

    /** Runs a command in the namespace and waits; throws when it fails. */
    public Result must(String... cmd) {
        try {
            Result r = run(List.of(cmd));
            if (r.exitCode() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exitCode() + "): " + r.stderr().strip());
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code cmd} inside {@code ns} and waits. */
    public Result exec(String ns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        try {
            return run(full);
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", full) + ": " + e.getMessage(), e);
        }
    }

    /** Starts {@code cmd} inside {@code ns} in the background; it is killed when the lab closes. */
    public Process spawn(String ns, ProcessBuilder.Redirect out, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out).start();
            synchronized (processes) {
                processes.add(p);
            }
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", full) + ": " + e.getMessage(), e);
        }
    }

    public List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void cleanUp() {
        if (closed) return;
        closed = true;
        synchronized (processes) {
            for (Process p : processes) p.descendants().forEach(ProcessHandle::destroyForcibly);
            for (Process p : processes) p.destroyForcibly();
            for (Process p : processes) {
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (String ns : namespaces.reversed()) {
            try {
                // Kill anything still running in the namespace, then delete it (its veths go with it).
                Result pids = run(List.of("ip", "netns", "pids", ns));
                for (String pid : pids.stdout().split("\\s+")) if (!pid.isBlank()) run(List.of("kill", "-9", pid));
                run(List.of("ip", "netns", "del", ns));
            } catch (IOException ignored) {
                // best effort: nothing more can be done here
            }
        }
    }

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs {@code cmd} and waits at most a minute, output included: a command that hangs is killed, not waited for. */
    static Result run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        // read both pipes on their own threads, so that the time limit below also covers a command that never closes them
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-1, "", String.join(" ", cmd) + " timed out after 60 s");
            }
            return new Result(p.exitValue(), text(out), text(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException closed) {
            return new byte[0];
        }
    }

    private static String text(CompletableFuture<byte[]> output) throws InterruptedException {
        try {
            return new String(output.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return ""; // a child that outlived the command still holds the pipe
        }
    }
}
