package net.igmp.linux.control;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sends one request line to a daemon's control socket and returns its JSON reply. */
public final class ControlClient {
    private ControlClient() {}

    public static String request(Path path, String line) throws IOException {
        if (!Files.exists(path))
            throw new IOException("no daemon is listening on " + path + " (is 'igmp router' running? use --control PATH if it was started with one)");
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            ByteBuffer out = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) c.write(out);
            c.shutdownOutput();
            return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (java.net.SocketException e) {
            throw new IOException("cannot reach the daemon on " + path + ": " + e.getMessage(), e);
        }
    }
}
