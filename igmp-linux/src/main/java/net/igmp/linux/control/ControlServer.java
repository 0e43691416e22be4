package net.igmp.linux.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The daemon's control socket: a Unix domain stream socket. A client writes one request line (e.g.
 * {@code show groups}) and reads one JSON document back; then the connection closes. Requests are answered on the
 * daemon's own thread (so that they see consistent state), handed over through {@code submit}.
 */
public final class ControlServer implements AutoCloseable {
    /** Where {@code igmp router} listens and {@code igmp show} connects unless told otherwise. */
    public static final Path DEFAULT_PATH = Path.of("/run/igmp/igmp.sock");
    private static final int MAX_REQUEST = 1024;

    /** A request waiting for the daemon thread. */
    public record Request(String line, CompletableFuture<String> reply) {}

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(Path path, ServerSocketChannel server, Consumer<Request> submit) {
        this.path = path;
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("igmp-control").start(() -> acceptLoop(submit));
    }

    /**
     * Listens on {@code path}. A stale socket file left by a daemon that died is replaced; one that still answers
     * means another daemon is running, which is refused.
     */
    public static ControlServer start(Path path, Consumer<Request> submit) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (Files.exists(path)) {
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                throw new IOException("control socket " + path + " is in use by a running daemon; stop it or pass --control with another path");
            } catch (IOException stale) {
                if (stale.getMessage() != null && stale.getMessage().startsWith("control socket")) throw stale;
                Files.deleteIfExists(path);
            }
        }
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        return new ControlServer(path, s, submit);
    }

    public Path path() {
        return path;
    }

    private void acceptLoop(Consumer<Request> submit) {
        while (!closed) {
            try (SocketChannel c = server.accept()) {
                serve(c, submit);
            } catch (IOException e) {
                if (closed) return;
                // one client went wrong; keep serving the others
            }
        }
    }

    private static void serve(SocketChannel c, Consumer<Request> submit) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST);
        while (in.hasRemaining()) {
            int n = c.read(in);
            if (n < 0) break;
            if (indexOfNewline(in) >= 0) break;
        }
        int nl = indexOfNewline(in);
        String line = new String(in.array(), 0, nl >= 0 ? nl : in.position(), StandardCharsets.UTF_8).strip();
        String reply;
        try {
            CompletableFuture<String> f = new CompletableFuture<>();
            submit.accept(new Request(line, f));
            reply = f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            reply = "{\"error\":\"" + jsonEscape(cause.getMessage() == null ? cause.toString() : cause.getMessage()) + "\"}";
        } catch (Exception e) {
            reply = "{\"error\":\"" + jsonEscape(e.getMessage() == null ? e.toString() : e.getMessage()) + "\"}";
        }
        ByteBuffer out = ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) c.write(out);
    }

    private static int indexOfNewline(ByteBuffer b) {
        for (int i = 0; i < b.position(); i++) if (b.get(i) == '\n') return i;
        return -1;
    }

    static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') sb.append('\\').append(ch);
            else if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
            else sb.append(ch);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
