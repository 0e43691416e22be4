package net.igmp.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A root holding only what the package depends on, taken from this machine: the shared libraries of libc6,
 * useradd (passwd) for the postinst, a shell and env for the launcher and the scripts, and a dpkg database that
 * lists libc6 and passwd as installed. No JDK, no systemd. The layout is merged /usr, as on Debian 12.
 */
final class CleanRoot {
    private CleanRoot() {}

    /** Commands the maintainer scripts, the launcher and the tests run inside the root. */
    private static final List<String> COMMANDS = List.of("/bin/sh", "/usr/bin/env", "/usr/bin/getent", "/usr/sbin/useradd", "/bin/rm");
    private static final Pattern LDD_PATH = Pattern.compile("(/\\S+) \\(0x");

    static void create(Path root) throws IOException {
        if (Files.exists(root)) Proc.run("rm", "-rf", root.toString());
        for (String dir : List.of("usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "etc", "proc", "root", "dev",
                "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "var/log"))
            Files.createDirectories(root.resolve(dir));
        for (String merged : List.of("bin", "sbin", "lib", "lib64")) Files.createSymbolicLink(root.resolve(merged), Path.of("usr", merged));
        Files.createDirectories(root.resolve("tmp"));
        Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Proc.run("chmod", "+t", root.resolve("tmp").toString());

        Set<String> files = new TreeSet<>(COMMANDS);
        // libc6's libraries: the runtime image links against them (the package's Depends says so)
        for (String line : Proc.run("dpkg", "-L", "libc6").output().lines().toList())
            if (line.matches("/(usr/)?lib(64)?/.*\\.so(\\.[0-9.]+)?") && Files.isRegularFile(Path.of(line))) files.add(line);
        for (String command : COMMANDS) {
            Matcher m = LDD_PATH.matcher(Proc.run("ldd", command).output());
            while (m.find()) files.add(m.group(1));
        }
        for (String file : files) copy(Path.of(file), root);

        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(root.resolve("etc/shadow"), "root:*:20000:0:99999:7:::\n");
        Files.writeString(root.resolve("etc/gshadow"), "root:*::\n");
        Files.setPosixFilePermissions(root.resolve("etc/shadow"), PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(root.resolve("etc/gshadow"), PosixFilePermissions.fromString("rw-r-----"));
        if (Files.exists(Path.of("/etc/login.defs"))) copy(Path.of("/etc/login.defs"), root);
        for (String[] node : new String[][] {{"null", "3"}, {"zero", "5"}, {"random", "8"}, {"urandom", "9"}})
            Proc.run("mknod", "-m", "666", root.resolve("dev/" + node[0]).toString(), "c", "1", node[1]);

        StringBuilder status = new StringBuilder();
        for (String pkg : List.of("libc6", "passwd")) {
            String fields = Proc.run("dpkg-query", "-W", "-f=${Version} ${Architecture}", pkg).output().strip();
            String[] va = fields.split(" ");
            status.append("Package: ").append(pkg).append("\nStatus: install ok installed\nPriority: required\n")
                    .append("Maintainer: copied from the build machine <root@localhost>\nArchitecture: ").append(va[1])
                    .append("\nVersion: ").append(va[0]).append("\nDescription: ").append(pkg)
                    .append(", the files the igmp package needs\n\n");
        }
        Files.writeString(root.resolve("var/lib/dpkg/status"), status.toString());
        Files.writeString(root.resolve("var/lib/dpkg/available"), "");
    }

    /** Copies a file of this machine to the same path in the root, following links, through the root's links. */
    private static void copy(Path file, Path root) throws IOException {
        Path target = root.resolve(file.toString().substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
}
