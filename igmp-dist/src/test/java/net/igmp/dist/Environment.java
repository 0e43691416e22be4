package net.igmp.dist;

import java.io.File;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** The package tests must run in CI (CI=true, as root) and may skip elsewhere, saying why. */
final class Environment {
    private Environment() {}

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) unavailable("the package tests need root (dpkg --root, chroot, mounts)");
    }

    static void requireCommand(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
            if (new File(dir, command).canExecute()) return;
        unavailable(command + " is not installed");
    }

    private static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true but " + reason);
        Assumptions.abort("skipped: " + reason);
    }
}
