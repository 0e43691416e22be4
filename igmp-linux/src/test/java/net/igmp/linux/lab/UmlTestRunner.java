package net.igmp.linux.lab;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The guest side of {@link KernelLabExtension}: runs one test class with the JUnit Platform inside the User-Mode
 * Linux kernel and writes every test's and container's outcome, keyed by JUnit's unique id, to a JSON file that
 * the host side reads back and reports through the normal runner.
 *
 * <p>Usage: {@code UmlTestRunner RESULTS.json CLASS}
 */
public final class UmlTestRunner {
    private UmlTestRunner() {}

    /** One failure, with its causes, as text the host can rebuild into a throwable. */
    public record Failure(String type, String message, boolean assertion, List<String[]> frames, Failure cause) {
        static Failure of(Throwable t) {
            if (t == null) return null;
            List<String[]> frames = new ArrayList<>();
            for (StackTraceElement e : t.getStackTrace())
                frames.add(new String[] {e.getClassName(), e.getMethodName(), e.getFileName(), Integer.toString(e.getLineNumber())});
            return new Failure(t.getClass().getName(), t.getMessage(), t instanceof AssertionError, frames, t.getCause() == t ? null : of(t.getCause()));
        }
    }

    /** The outcome of one test or container: SUCCESSFUL, FAILED or ABORTED, or SKIPPED with the reason. */
    public record Outcome(String status, String reason, Failure failure) {}

    /** Everything the host needs: the guest kernel's release and each outcome by unique id. */
    public record Results(String kernel, Map<String, Outcome> outcomes) {}

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(args[1]))
                // one slow CPU with system calls costing 10-50x: the per-test limit grows with it
                .configurationParameter("junit.jupiter.execution.timeout.default", "10 m")
                .build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                outcomes.put(id.getUniqueId(), new Outcome("SKIPPED", reason, null));
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                Throwable t = result.getThrowable().orElse(null);
                outcomes.put(id.getUniqueId(), new Outcome(result.getStatus().name(), t == null ? null : t.getMessage(), Failure.of(t)));
                String name = id.getDisplayName();
                System.out.println("[uml] " + name + ": " + result.getStatus());
            }
        });
        new ObjectMapper().writeValue(results.toFile(), new Results(KernelLabExtension.kernelRelease(), outcomes));
    }
}
