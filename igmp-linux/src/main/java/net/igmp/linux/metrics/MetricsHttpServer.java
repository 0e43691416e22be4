package net.igmp.linux.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} in the Prometheus text format over HTTP/1.1. The text comes from {@code source}, which
 * the daemon answers on its own thread (one consistent snapshot); this server only waits for it. One request at a
 * time: a scrape is rare and cheap, and a slow client cannot pile up work.
 */
public final class MetricsHttpServer implements AutoCloseable {
    private static final long ANSWER_TIMEOUT_MS = 10_000;

    private final HttpServer server;

    private MetricsHttpServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds {@code address} at once (so that a port in use is reported before the router starts) and serves from a
     * daemon thread. Fails with a one-line {@link IOException} message.
     */
    public static MetricsHttpServer start(InetSocketAddress address, Supplier<CompletableFuture<String>> source) throws IOException {
        HttpServer s;
        try {
            s = HttpServer.create(address, 16);
        } catch (BindException e) {
            throw new IOException("cannot serve metrics on " + show(address) + ": " + lower(e.getMessage()));
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + show(address) + ": " + e.getMessage());
        }
        s.setExecutor(Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("igmp-metrics").unstarted(r)));
        s.createContext("/", exchange -> {
            try (exchange) {
                serve(exchange, source);
            }
        });
        s.start();
        return new MetricsHttpServer(s);
    }

    /** The bound address (the port is the chosen one when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void serve(HttpExchange x, Supplier<CompletableFuture<String>> source) throws IOException {
        String path = x.getRequestURI().getPath();
        if (!path.equals("/metrics")) {
            reply(x, 404, "text/plain; charset=utf-8", "not found; metrics are at /metrics\n", true);
            return;
        }
        String method = x.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            x.getResponseHeaders().set("Allow", "GET, HEAD");
            reply(x, 405, "text/plain; charset=utf-8", "method not allowed\n", true);
            return;
        }
        String text;
        try {
            text = source.get().get(ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            reply(x, 503, "text/plain; charset=utf-8", "the router did not answer: " + e + "\n", true);
            return;
        }
        reply(x, 200, MetricsText.CONTENT_TYPE, text, method.equals("GET"));
    }

    private static void reply(HttpExchange x, int status, String type, String body, boolean withBody) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, withBody ? b.length : -1);
        if (withBody) try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    private static String show(InetSocketAddress a) {
        return (a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress()) + ":" + a.getPort();
    }

    private static String lower(String m) {
        if (m == null || m.isEmpty()) return "address already in use";
        return m.toLowerCase();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
