package net.igmp.linux.lab;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import net.igmp.linux.ffm.Netns;

/**
 * A thread a lab test starts inside a namespace: an observer, a source, a daemon. When it dies, the test fails at
 * once with the thread's exception as the cause: {@link #awaitReady}, {@link #check} and every {@link #await} of
 * the test look, instead of waiting for something the dead thread will never do.
 */
public final class LabThread implements AutoCloseable {
    private static final Set<LabThread> RUNNING = ConcurrentHashMap.newKeySet();

    /** What the thread runs; it calls {@link LabThread#ready()} once set up. */
    @FunctionalInterface
    public interface Body {
        void run(LabThread self) throws Exception;
    }

    private final String name;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean closing;

    private LabThread(String ns, String name, Body body) {
        this.name = name;
        RUNNING.add(this);
        this.thread = Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                Netns.enter(ns);
                body.run(this);
            } catch (Throwable t) {
                if (!closing) failure = t;
            } finally {
                ready.countDown();
            }
        });
    }

    /** Starts {@code body} on a new thread inside namespace {@code ns}. */
    public static LabThread start(String ns, String name, Body body) {
        return new LabThread(ns, name, body);
    }

    /** Called by the body: it is set up and the test may go on. */
    public void ready() {
        ready.countDown();
    }

    /** Waits until the body called {@link #ready()}; fails when the thread died first or took longer than {@code limit}. */
    public void awaitReady(Duration limit) throws InterruptedException {
        boolean done = ready.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        check();
        if (!done) throw new AssertionError(name + " was not ready after " + limit.toMillis() + " ms");
    }

    /** Fails with the thread's exception as the cause when it died. */
    public void check() {
        Throwable t = failure;
        if (t != null) throw new AssertionError("lab thread " + name + " died: " + t, t);
    }

    /** True while the body runs. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /** Waits for {@code condition} at most {@code millis}, failing at once when any running lab thread died. */
    public static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            RUNNING.forEach(LabThread::check);
            if (condition.getAsBoolean()) return;
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out after " + millis + " ms waiting for: " + what);
            Thread.sleep(20);
        }
    }

    /**
     * Tells the body to end (it should watch its own flag or socket), waits at most {@code limit} for it, and
     * leaves the set the awaits check. A failure after this is not reported.
     */
    public void stop(Duration limit) throws InterruptedException {
        closing = true;
        try {
            thread.join(limit.toMillis());
        } finally {
            RUNNING.remove(this);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(5));
    }
}
