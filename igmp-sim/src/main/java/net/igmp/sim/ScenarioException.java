package net.igmp.sim;

/** A scenario that cannot run as written; {@code line} is the line in the scenario file (0 when unknown). */
public final class ScenarioException extends RuntimeException {
    private final int line;
    private String file;

    public ScenarioException(int line, String message) {
        super(message);
        this.line = line;
    }

    public int line() {
        return line;
    }

    /** Names the file, so that {@link #getMessage()} reads "file:line: message". */
    public ScenarioException inFile(String fileName) {
        this.file = fileName;
        return this;
    }

    @Override
    public String getMessage() {
        String where = file == null ? (line > 0 ? "line " + line : "") : (line > 0 ? file + ":" + line : file);
        return where.isEmpty() ? super.getMessage() : where + ": " + super.getMessage();
    }
}
