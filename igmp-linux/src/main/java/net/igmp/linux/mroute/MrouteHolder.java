package net.igmp.linux.mroute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Best effort: which process holds the namespace's multicast routing socket. The kernel does not say; any
 * process with a raw IGMP socket in this namespace ({@code /proc/thread-self/net/raw}, protocol 2) is a suspect.
 */
final class MrouteHolder {
    private MrouteHolder() {}

    /** "pimd (pid 1234)" or several such joined by ", ", or empty when nothing could be found. */
    static Optional<String> describe(int ownFd) {
        try {
            Set<String> inodes = rawIgmpSocketInodes();
            String own = socketInode(Path.of("/proc/self/fd/" + ownFd));
            if (own != null) inodes.remove(own);
            if (inodes.isEmpty()) return Optional.empty();
            List<String> holders = new ArrayList<>();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path proc : (Iterable<Path>) procs::iterator) {
                    String pid = proc.getFileName().toString();
                    if (!pid.chars().allMatch(Character::isDigit)) continue;
                    if (holdsAny(proc.resolve("fd"), inodes)) {
                        String comm = read(proc.resolve("comm")).strip();
                        holders.add(comm + " (pid " + pid + ")");
                    }
                }
            }
            return holders.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", holders));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean holdsAny(Path fdDir, Set<String> inodes) {
        try (Stream<Path> fds = Files.list(fdDir)) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String inode = socketInode(fd);
                if (inode != null && inodes.contains(inode)) return true;
            }
        } catch (IOException | RuntimeException e) {
            // the process ended or is not ours to read
        }
        return false;
    }

    private static String socketInode(Path fd) {
        try {
            String link = Files.readSymbolicLink(fd).toString();
            if (link.startsWith("socket:[") && link.endsWith("]")) return link.substring(8, link.length() - 1);
        } catch (IOException | RuntimeException e) {
            // not a link we can read
        }
        return null;
    }

    /** Inodes of raw sockets bound to protocol 2 (IGMP) in the calling thread's network namespace. */
    static Set<String> rawIgmpSocketInodes() throws IOException {
        Set<String> out = new HashSet<>();
        List<String> lines = Files.readAllLines(Path.of("/proc/thread-self/net/raw"));
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            if (f.length < 10) continue;
            String local = f[1];
            int colon = local.indexOf(':');
            if (colon < 0) continue;
            if (Integer.parseInt(local.substring(colon + 1), 16) == 2) out.add(f[9]);
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "?";
        }
    }
}
