package net.igmp.linux.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.igmp.linux.lab.UmlTestRunner.Failure;
import net.igmp.linux.lab.UmlTestRunner.Outcome;
import net.igmp.linux.lab.UmlTestRunner.Results;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Runs a {@link KernelLab} class on this machine's kernel, or, when the class needs multicast routing and this
 * kernel has none, runs the whole class once inside a {@link UmlKernel} and then replays each outcome here: a test
 * that passed there passes here, a failure is thrown here with the guest's exception, type, message and stack, so the
 * normal runner (Surefire) reports every test by its own name. Nothing of the class runs on the host in that case.
 */
public final class KernelLabExtension implements BeforeAllCallback, InvocationInterceptor {
    /** Environment variable choosing where multicast-routing tests run: {@code auto} (default), {@code host}, {@code uml}. */
    public static final String WHERE = "IGMP_TEST_KERNEL";
    /** The same choice as a JUnit configuration parameter, which wins over the environment. */
    public static final String WHERE_PARAMETER = "igmp.test.kernel";
    /** A whole class in UML, boot included, must finish within this. */
    static final Duration CLASS_LIMIT = Duration.ofMinutes(15);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KernelLabExtension.class);

    /** This kernel's release, e.g. 6.18.44. */
    public static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    /** True when this kernel has IPv4 multicast routing (CONFIG_IP_MROUTE): it then lists VIFs in /proc/net/ip_mr_vif. */
    public static boolean hasMulticastRouting() {
        return Files.exists(Path.of("/proc/net/ip_mr_vif"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        boolean needsRouting = AnnotationSupport.findAnnotation(testClass, KernelLab.class).map(KernelLab::multicastRouting).orElse(false);
        LabRequirement.require();
        if (UmlKernel.isGuest()) {
            report(context, "Linux " + kernelRelease() + " (User-Mode Linux)");
            return;
        }
        String where = context.getConfigurationParameter(WHERE_PARAMETER).orElse(System.getenv().getOrDefault(WHERE, "auto"));
        if (!List.of("auto", "host", "uml").contains(where))
            throw new IllegalArgumentException(WHERE + " must be auto, host or uml, not '" + where + "'");
        boolean inUml = needsRouting && (where.equals("uml") || where.equals("auto") && !hasMulticastRouting());
        if (!inUml) {
            report(context, "Linux " + kernelRelease() + " (this machine's kernel"
                    + (needsRouting ? ", with multicast routing)" : ")"));
            return;
        }
        String because = where.equals("uml") ? WHERE + "=uml" : "this machine's kernel " + kernelRelease() + " has no multicast routing (CONFIG_IP_MROUTE)";
        requireUml(because);
        Results results = runInUml(testClass);
        context.getStore(NS).put(Results.class, results);
        report(context, "Linux " + results.kernel() + " (User-Mode Linux, because " + because + ")");
        Outcome classOutcome = results.outcomes().get(context.getUniqueId());
        if (classOutcome == null) throw new AssertionError("User-Mode Linux ran nothing of " + testClass.getName());
        replay(classOutcome);
    }

    /** Fails in CI, and skips elsewhere, when User-Mode Linux cannot run here; {@code why} says why it was wanted. */
    public static void requireUml(String why) {
        UmlKernel.unavailableReason().ifPresent(reason -> {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true but " + why + " and " + reason);
            throw new TestAbortedException("skipped: " + why + " and " + reason);
        });
    }

    private static void report(ExtensionContext context, String kernel) {
        context.publishReportEntry("kernel", kernel);
        System.out.println("[kernel] " + context.getRequiredTestClass().getSimpleName() + " runs on " + kernel);
    }

    private static Results runInUml(Class<?> testClass) throws IOException, InterruptedException {
        Path work = Path.of("target", "uml", testClass.getName()).toAbsolutePath();
        Path resultsFile = work.resolve("results.json");
        Files.createDirectories(work);
        Files.deleteIfExists(resultsFile);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Djava.io.tmpdir=/run/tmp",
                "-cp", testClassPath(), UmlTestRunner.class.getName(), resultsFile.toString(), testClass.getName()));
        Map<String, String> env = System.getenv("CI") == null ? Map.of() : Map.of("CI", System.getenv("CI"));
        UmlKernel.Result run = UmlKernel.run(command, env, work, CLASS_LIMIT);
        System.out.println("[kernel] " + testClass.getSimpleName() + " in User-Mode Linux took " + run.elapsed().toSeconds() + " s; its output:");
        System.out.println(run.output());
        if (!Files.exists(resultsFile))
            throw new AssertionError("the test JVM in User-Mode Linux exited " + run.exitCode() + " without results; its output:\n" + run.output());
        return new ObjectMapper().readValue(resultsFile.toFile(), Results.class);
    }

    /** The test class path: Surefire's own when it runs us (its booter jar only points to it), else this JVM's. */
    static String testClassPath() {
        return Optional.ofNullable(System.getProperty("surefire.test.class.path")).orElse(System.getProperty("java.class.path"));
    }

    private static Optional<Results> delegated(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NS).get(Results.class, Results.class));
    }

    /** Passes, or throws what the guest's test threw (or an abort), so this side reports the same outcome. */
    private static void replay(Outcome outcome) {
        switch (outcome.status()) {
            case "SUCCESSFUL" -> {}
            case "FAILED" -> {
                Throwable t = rebuild(outcome.failure());
                if (t instanceof AssertionError a) throw a;
                throw (RuntimeException) t;
            }
            default -> throw new TestAbortedException("in User-Mode Linux: " + outcome.reason());
        }
    }

    /** The guest's throwable as an AssertionError (for assertion failures) or an error carrying its type and stack. */
    static Throwable rebuild(Failure f) {
        String text = f.type() + (f.message() == null ? "" : ": " + f.message());
        Throwable t = f.assertion() ? new AssertionError(text) : new GuestException(text);
        List<StackTraceElement> frames = new ArrayList<>();
        for (String[] e : f.frames()) frames.add(new StackTraceElement(e[0], e[1], e[2], Integer.parseInt(e[3])));
        t.setStackTrace(frames.toArray(StackTraceElement[]::new));
        if (f.cause() != null) t.initCause(rebuild(f.cause()));
        return t;
    }

    /** An exception thrown by a test inside User-Mode Linux; its message starts with the original type. */
    static final class GuestException extends RuntimeException {
        GuestException(String message) {
            super(message);
        }
    }

    private void outcomeOf(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        Optional<Results> results = delegated(context);
        if (results.isEmpty()) {
            invocation.proceed();
            return;
        }
        invocation.skip();
        Outcome outcome = results.get().outcomes().get(context.getUniqueId());
        if (outcome == null) throw new AssertionError("no outcome from User-Mode Linux for " + context.getUniqueId());
        replay(outcome);
    }

    private static void skipWhenDelegated(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        if (delegated(context).isPresent()) invocation.skip();
        else invocation.proceed();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context) throws Throwable {
        outcomeOf(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context) throws Throwable {
        outcomeOf(invocation, context);
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context) throws Throwable {
        skipWhenDelegated(invocation, context);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context) throws Throwable {
        skipWhenDelegated(invocation, context);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context) throws Throwable {
        skipWhenDelegated(invocation, context);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context) throws Throwable {
        skipWhenDelegated(invocation, context);
    }
}
