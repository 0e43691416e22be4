package net.igmp.linux.lab;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Namespace tests must run in CI (CI=true) and may skip elsewhere, saying why. */
public final class LabRequirement {
    private LabRequirement() {}

    public static void require() {
        NetnsLab.unavailableReason().ifPresent(reason -> {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true but " + reason);
            Assumptions.abort("skipped: " + reason);
        });
    }

    /** Also requires a command (e.g. tshark) to be on the PATH. */
    public static void requireCommand(String command) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
            if (new java.io.File(dir, command).canExecute()) found = true;
        if (!found) {
            String reason = command + " is not installed";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true but " + reason);
            Assumptions.abort("skipped: " + reason);
        }
    }
}
