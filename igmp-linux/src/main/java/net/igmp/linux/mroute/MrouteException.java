package net.igmp.linux.mroute;

import java.io.IOException;

/** A failure of the kernel's multicast routing API, with a one-line message that names the problem and the fix. */
public final class MrouteException extends IOException {
    private final int errno;

    public MrouteException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    public MrouteException(String message) {
        this(message, 0, null);
    }

    /** The errno behind it, or 0 when the check was made before calling the kernel. */
    public int errno() {
        return errno;
    }
}
