package net.igmp.dist;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** The package tests must run in CI (CI=true, as root) and may skip elsewhere, saying why. */
final class Environment {
    private Environment() {}

    static void requireRoot() {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (uid != 0) unavailable("the package tests need root (dpkg --root, chroot, mounts)");
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
