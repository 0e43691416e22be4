package net.igmp.linux.daemon;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import net.igmp.linux.ffm.ErrnoException;
import net.igmp.linux.ffm.Libc;

/**
 * A self-pipe that lets other threads (the control socket, the shutdown hook) wake the daemon loop out of poll(2)
 * at once, without shortening its timeout.
 */
final class Wakeup implements AutoCloseable {
    private final int readFd, writeFd;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment one = arena.allocate(1);
    private final MemorySegment drain = arena.allocate(64);

    Wakeup() throws ErrnoException {
        int[] fds = Libc.pipe();
        readFd = fds[0];
        writeFd = fds[1];
    }

    int readFd() {
        return readFd;
    }

    /** From any thread. */
    void wake() {
        try {
            Libc.write(writeFd, one); // a full pipe already wakes the loop
        } catch (ErrnoException ignored) {
            // closed during shutdown
        }
    }

    /** On the loop thread, after poll said the pipe is readable. */
    void drain() throws ErrnoException {
        while (Libc.read(readFd, drain) > 0) {
            // empty it
        }
    }

    @Override
    public void close() {
        try {
            Libc.close(readFd);
            Libc.close(writeFd);
        } catch (ErrnoException ignored) {
            // nothing left to release
        }
    }
}
