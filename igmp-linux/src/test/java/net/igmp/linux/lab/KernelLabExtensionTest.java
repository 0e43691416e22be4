package net.igmp.linux.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.cause;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The User-Mode Linux path of {@link KernelLab}, forced whatever this kernel has: a fixture class runs inside the
 * guest, and each of its outcomes (a pass that proves where it ran, an assertion failure, an exception with a cause,
 * an abort) comes back under the test's own name with the guest's message.
 */
@KernelLab
class KernelLabExtensionTest {

    /** Runs only when the test below selects it, and then in the guest; a plain run of the module skips it. */
    @KernelLab(multicastRouting = true)
    @ExtendWith(OnlyWhenSelected.class)
    static class InTheGuest {
        static boolean setUpOnThisKernel;

        @BeforeAll
        static void setUp() {
            setUpOnThisKernel = true;
        }

        @Test
        void runsInsideUserModeLinuxWithMulticastRouting() throws Exception {
            assertThat(UmlKernel.isGuest()).isTrue();
            assertThat(KernelLabExtension.kernelRelease()).isEqualTo(UmlKernel.release().orElseThrow());
            assertThat(Files.exists(Path.of("/proc/net/ip_mr_vif"))).isTrue();
            assertThat(setUpOnThisKernel).as("the guest runs the class's own set-up").isTrue();
        }

        @Test
        void failsAnAssertion() {
            assertThat(1 + 1).as("arithmetic in the guest").isEqualTo(3);
        }

        @Test
        void throwsWithACause() {
            throw new IllegalStateException("the guest's state", new java.io.IOException("the guest's cause"));
        }

        @Test
        void aborts() {
            Assumptions.abort("not in the guest");
        }
    }

    static final class OnlyWhenSelected implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return UmlKernel.isGuest() || context.getConfigurationParameter(SELECTED).isPresent()
                    ? ConditionEvaluationResult.enabled("selected") : ConditionEvaluationResult.disabled("a fixture of KernelLabExtensionTest");
        }
    }

    static final String SELECTED = "igmp.test.fixture";

    @Test
    void eachOutcomeInTheGuestIsReportedHereUnderItsOwnName() {
        KernelLabExtension.requireUml("this test forces the User-Mode Linux path");
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(InTheGuest.class))
                .configurationParameter(KernelLabExtension.WHERE_PARAMETER, "uml").configurationParameter(SELECTED, "true")
                .execute().testEvents();
        tests.assertThatEvents().haveExactly(1, event(test("runsInsideUserModeLinuxWithMulticastRouting"), finishedSuccessfully()));
        tests.assertThatEvents().haveExactly(1, event(test("failsAnAssertion"),
                finishedWithFailure(instanceOf(AssertionError.class), message(m -> m.contains("arithmetic in the guest") && m.contains("3")))));
        // replayed here, a failure names the guest's exception type; when this whole suite already runs inside
        // User-Mode Linux (scripts/in-uml), the fixture runs right here and throws its own exception
        String prefix = UmlKernel.isGuest() ? "" : "java.lang.IllegalStateException: ";
        tests.assertThatEvents().haveExactly(1, event(test("throwsWithACause"),
                finishedWithFailure(message(prefix + "the guest's state"),
                        cause(message(m -> m.endsWith("the guest's cause"))))));
        tests.assertThatEvents().haveExactly(1, event(test("aborts"), abortedWithReason(message(m -> m.contains("not in the guest")))));
        assertThat(InTheGuest.setUpOnThisKernel).as("the class runs on this side only inside the guest").isEqualTo(UmlKernel.isGuest());
    }
}
