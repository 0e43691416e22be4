package net.igmp.linux.ffm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs code on a fresh thread that has entered a named network namespace ({@code ip netns add NAME}). Linux keeps
 * the network namespace per thread, so the rest of the JVM stays where it was; sockets made on that thread belong
 * to the namespace for their whole life.
 */
public final class Netns {
    private Netns() {}

    /** The bind-mount {@code ip netns} made for {@code name}. */
    public static Path path(String name) {
        Path run = Path.of("/run/netns", name);
        return Files.exists(run) ? run : Path.of("/var/run/netns", name);
    }

    /** Starts {@code body} on a new thread inside namespace {@code name}. */
    public static Thread start(String name, String threadName, Runnable body) {
        Thread t = Thread.ofPlatform().name(threadName).unstarted(() -> {
            try {
                Libc.enterNetworkNamespace(path(name).toString());
            } catch (ErrnoException e) {
                throw new IllegalStateException("cannot enter network namespace " + name + ": " + e.getMessage(), e);
            }
            body.run();
        });
        t.start();
        return t;
    }

    /** Runs {@code body} inside namespace {@code name} and waits for its result. */
    public static <T> T call(String name, Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(body);
        Thread t = start(name, "netns-" + name, task);
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        } finally {
            t.join();
        }
    }
}
