package net.igmp.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the paths a command will write, made before it runs: a long simulation must not end in "Is a
 * directory" with its story lost. Missing parent directories are an error, never created, so that a typing
 * mistake does not leave a new directory tree behind.
 */
final class OutputPaths {
    private OutputPaths() {}

    /**
     * Why {@code file} cannot be created or replaced, as "{@code option} FILE: reason", or null when it can (or
     * when it is null: the option was not given).
     */
    static String fileProblem(String option, Path file) {
        if (file == null) return null;
        String reason;
        if (Files.isDirectory(file)) reason = "is a directory, not a file";
        else if (Files.exists(file)) reason = Files.isWritable(file) ? null : "cannot be written (no permission)";
        else reason = parentProblem(file);
        return reason == null ? null : where(option, file) + reason;
    }

    /**
     * Why files cannot be written into {@code dir}, or null when they can: it is a writable directory, or it does
     * not exist yet and its parent is one (the command creates it).
     */
    static String directoryProblem(String option, Path dir) {
        if (dir == null) return null;
        String reason;
        if (Files.exists(dir)) reason = !Files.isDirectory(dir) ? "is not a directory" : Files.isWritable(dir) ? null : "cannot be written (no permission)";
        else reason = parentProblem(dir);
        return reason == null ? null : where(option, dir) + reason;
    }

    private static String parentProblem(Path path) {
        Path parent = path.toAbsolutePath().normalize().getParent();
        if (parent == null) return null;
        if (!Files.exists(parent)) return "directory " + parent + " does not exist";
        if (!Files.isDirectory(parent)) return parent + " is not a directory";
        return Files.isWritable(parent) ? null : "directory " + parent + " cannot be written (no permission)";
    }

    private static String where(String option, Path path) {
        return (option == null ? "" : option + " ") + path + ": ";
    }
}
