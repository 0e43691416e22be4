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

    /**
     * Starts {@code body} on a new thread inside namespace {@code name}. When the namespace cannot be entered the body
     * does not run and the thread ends with that exception; use {@link #call} to receive it.
     */
    public static Thread start(String name, String threadName, Runnable body) {
        return Thread.ofPlatform().name(threadName).start(() -> {
            enter(name);
            body.run();
        });
    }

    /**
     * Runs {@code body} inside namespace {@code name} and waits for its result; a namespace that cannot be entered
     * is thrown here as an {@link IllegalStateException}, like any exception of the body.
     */
    public static <T> T call(String name, Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            enter(name);
            return body.call();
        });
        Thread t = Thread.ofPlatform().name("netns-" + name).start(task);
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        } finally {
            t.join();
        }
    }

    /**
     * Moves the calling thread into namespace {@code name} for the rest of its life, naming the namespace in the error
     * when it does not exist.
     */
    public static void enter(String name) {
        Path path = path(name);
        if (!Files.exists(path))
            throw new IllegalStateException("no network namespace named '" + name + "' ('ip netns list' shows those there are)");
        try {
            Libc.enterNetworkNamespace(path.toString());
        } catch (ErrnoException e) {
            throw new IllegalStateException("cannot enter network namespace " + name + ": " + e.getMessage(), e);
        }
    }
}
