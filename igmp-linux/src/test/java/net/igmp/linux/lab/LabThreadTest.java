package net.igmp.linux.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A lab thread that dies fails its test at once, with its exception as the cause, instead of leaving it waiting. */
@KernelLab
class LabThreadTest {

    @Test
    void aThreadThatDiesBeforeItIsReadyFailsTheWaitAtOnceWithItsCause() throws Exception {
        try (NetnsLab lab = NetnsLab.create("igt")) {
            String ns = lab.namespace("a");
            try (LabThread t = LabThread.start(ns, "observer", self -> {
                throw new java.io.IOException("no multicast routing here");
            })) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> t.awaitReady(Duration.ofMinutes(5)))
                        .isInstanceOf(AssertionError.class).hasMessageContaining("observer died")
                        .cause().hasMessage("no multicast routing here");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
            }
        }
    }

    @Test
    void aThreadThatDiesLaterFailsEveryAwaitOfTheTest() throws Exception {
        try (NetnsLab lab = NetnsLab.create("igt")) {
            String ns = lab.namespace("a");
            java.util.concurrent.CountDownLatch later = new java.util.concurrent.CountDownLatch(1);
            try (LabThread t = LabThread.start(ns, "source", self -> {
                self.ready();
                later.await();
                throw new IllegalStateException("the source's socket closed");
            })) {
                t.awaitReady(Duration.ofMinutes(1));
                later.countDown();
                assertThatThrownBy(() -> LabThread.await("something the source would have sent", 300_000, () -> false))
                        .isInstanceOf(AssertionError.class).hasMessageContaining("source died")
                        .cause().hasMessage("the source's socket closed");
            }
            // once closed, it no longer fails the awaits of later tests
            LabThread.await("nothing", 1000, () -> true);
            // once closed, it no longer fails the awaits of later tests
            LabThread.await("nothing", 1000, () -> true);
        }
    }

    @Test
    void aNamespaceThatDoesNotExistIsNamed() throws Exception {
        try (LabThread t = LabThread.start("igmp-no-such-namespace-" + ProcessHandle.current().pid(), "daemon", LabThread::ready)) {
            assertThatThrownBy(() -> t.awaitReady(Duration.ofMinutes(1))).cause()
                    .hasMessageContaining("no network namespace named 'igmp-no-such-namespace-");
        }
    }
}
