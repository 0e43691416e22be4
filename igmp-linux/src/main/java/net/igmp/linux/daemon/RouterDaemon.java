package net.igmp.linux.daemon;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import net.igmp.core.host.GroupFilter;
import net.igmp.core.host.HostEngine;
import net.igmp.core.router.ForwardingEvent;
import net.igmp.core.router.ProxyEvent;
import net.igmp.core.router.RouterEngine;
import net.igmp.core.router.Transmit;
import net.igmp.linux.control.ControlServer;
import net.igmp.linux.dataplane.DataPlane;
import net.igmp.linux.dataplane.DataPlanes;
import net.igmp.linux.ffm.ErrnoException;
import net.igmp.linux.ffm.Interfaces;
import net.igmp.linux.ffm.Layouts;
import net.igmp.linux.ffm.Libc;
import net.igmp.linux.ffm.Rtnetlink;
import net.igmp.linux.mroute.MfcTable;
import net.igmp.linux.mroute.MrouteException;
import net.igmp.linux.mroute.MrouteSocket;
import net.igmp.linux.mroute.Upcall;
import net.igmp.wire.IgmpEncoder;
import net.igmp.wire.IgmpMessage;
import net.igmp.wire.Ipv4;
import net.igmp.wire.Ipv4Header;
import net.igmp.wire.Malformed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux multicast router: one thread that waits in poll(2) on the multicast routing socket until a packet,
 * an upcall, a control request or the engines' next deadline; feeds IGMP with its arrival interface into the
 * {@link RouterEngine}; sends what the engines want sent; and keeps the kernel's VIFs and MFC in step with the
 * engine's forwarding events. It decides nothing about the protocol itself. The VIFs and (S,G) entries go to a
 * {@link DataPlane}: the kernel's multicast routing, or the daemon's own forwarding over a packet socket, which the
 * same loop drives (its descriptor is polled too).
 *
 * <p>In proxy mode (RFC 4605) the router engine runs on the downstream interfaces only, and a {@link HostEngine}
 * on the upstream interface reports their merged membership (the engine's {@link ProxyEvent}s) as a host would,
 * answering the upstream querier.
 */
public final class RouterDaemon {
    /** The host engine's id for the upstream interface. */
    static final int UPSTREAM = 0;
    private static final int MAX_BATCH = 4096;
    private static final long EXPIRE_INTERVAL_MS = 5000;

    /** Daemon-level counters (the engines keep the protocol ones). */
    public enum Counter {
        RX_PACKETS, RX_UPCALLS, UPCALL_NOCACHE, UPCALL_WRONGVIF, UPCALL_OTHER, UPCALL_LINK_LOCAL,
        DROP_NOT_OUR_INTERFACE, DROP_MALFORMED_IP, DROP_NOT_IGMP, DROP_RUNT, DROP_UPSTREAM_NOT_QUERY_OR_REPORT,
        TX_PACKETS, TX_ERRORS, MFC_ADDED, MFC_MOVED, MFC_EXPIRED, KERNEL_ERRORS, INTERNAL_ERRORS, INTERFACE_CHANGES
    }

    /** One configured interface while it is usable: its VIF and kernel index. */
    record Vif(String name, int vif, int ifindex, int address, boolean upstream, long since) {}

    private static final Logger log = LoggerFactory.getLogger(RouterDaemon.class);

    /** Replaced by a reload. */
    private DaemonConfig config;
    private final long startNanos = System.nanoTime();
    private final RouterEngine engine;
    private final HostEngine host;
    private InterfaceWatcher watcher;
    private final Map<String, Vif> vifs = new LinkedHashMap<>();
    private final Map<Integer, Vif> byIndex = new LinkedHashMap<>();
    private final Map<String, String> waiting = new LinkedHashMap<>();
    private final EnumMap<Counter, Long> counters = new EnumMap<>(Counter.class);
    private final Map<String, Long> parseErrors = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<ControlServer.Request> requests = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final byte[] buf = new byte[65536];
    private final byte[] out = new byte[65536];
    private volatile boolean stopping;
    private final DataPlane.Choice dataPlaneChoice;
    private MrouteSocket socket;
    private Rtnetlink rtnetlink;
    private DataPlane plane;
    private MfcTable mfc;
    private Wakeup wakeup;
    private ControlServer control;
    private StatusViews views;

    /** Logs through SLF4J; {@link Logging#configure} sets where and how. */
    public RouterDaemon(DaemonConfig config) {
        this(config, DataPlane.Choice.AUTO);
    }

    public RouterDaemon(DaemonConfig config, DataPlane.Choice dataPlane) {
        this.config = config;
        this.dataPlaneChoice = dataPlane;
        this.engine = new RouterEngine(config.proxy());
        this.host = config.proxy() ? new HostEngine(config.upstreamHost(), new SplittableRandom()) : null;
        this.watcher = new InterfaceWatcher(config.allInterfaces());
        for (Counter c : Counter.values()) counters.put(c, 0L);
    }

    /** Milliseconds since the daemon started: the engines' clock. */
    long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * Opens the kernel side and the control socket. Fails with a one-line {@link IOException} message when the
     * kernel refuses (not root, multicast routing taken, ...).
     */
    public void start() throws IOException {
        DataPlanes.Opened opened = DataPlanes.open(dataPlaneChoice);
        socket = opened.igmp();
        plane = opened.plane();
        try {
            mfc = new MfcTable(plane);
            if (config.proxy()) mfc.forwardEverythingTo(config.upstream());
            wakeup = new Wakeup();
            views = new StatusViews(this);
            if (config.control() != null) control = ControlServer.start(config.control(), r -> {
                requests.add(r);
                wakeup.wake();
            });
            log.info("igmp router started in " + (config.proxy() ? "proxy mode (RFC 4605), upstream " + config.upstream()
                    + ", downstream " + String.join(", ", config.downstream()) : "router mode on " + String.join(", ", config.interfaces()))
                    + (control != null ? "; control socket " + control.path() : ""));
            log.info(opened.why());
            if (plane.fd() < 0) warnAboutSettings(); // the user plane reads frames before rp_filter applies
            long t0 = System.nanoTime();
            int rounds = Warmup.run(config.routerConfig(), config.proxy(), 20_000, 1500);
            log.info("packet path compiled in " + (System.nanoTime() - t0) / 1_000_000 + " ms (" + rounds + " synthetic rounds)");
            // subscribed before the first snapshot, so that no change falls between the two
            rtnetlink = Rtnetlink.open(Rtnetlink.RTMGRP_LINK | Rtnetlink.RTMGRP_IPV4_IFADDR);
            watchInterfaces(now());
        } catch (IOException | RuntimeException e) {
            closeKernelSide();
            throw e;
        }
    }

    /**
     * Runs until {@link #stop()}; then removes everything it added to the kernel. Throws when the kernel socket
     * fails and the loop cannot go on (after the same clean-up), so that the caller can exit non-zero.
     */
    public void run() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            // the multicast routing socket, the wake-up pipe, rtnetlink, and the user data plane's ring when there is one
            int nfds = plane.fd() >= 0 ? 4 : 3;
            MemorySegment fds = arena.allocate(Layouts.POLLFD, nfds);
            long pollfdSize = Layouts.POLLFD.byteSize();
            long fdOff = Layouts.offset(Layouts.POLLFD, "fd"), evOff = Layouts.offset(Layouts.POLLFD, "events"),
                    revOff = Layouts.offset(Layouts.POLLFD, "revents");
            fds.set(JAVA_INT, fdOff, socket.fd());
            fds.set(JAVA_SHORT, evOff, Libc.POLLIN);
            fds.set(JAVA_INT, pollfdSize + fdOff, wakeup.readFd());
            fds.set(JAVA_SHORT, pollfdSize + evOff, Libc.POLLIN);
            fds.set(JAVA_INT, 2 * pollfdSize + fdOff, rtnetlink.fd());
            fds.set(JAVA_SHORT, 2 * pollfdSize + evOff, Libc.POLLIN);
            if (nfds == 4) {
                fds.set(JAVA_INT, 3 * pollfdSize + fdOff, plane.fd());
                fds.set(JAVA_SHORT, 3 * pollfdSize + evOff, Libc.POLLIN);
            }
            nextExpire = now() + EXPIRE_INTERVAL_MS;
            while (!stopping) {
                try {
                    step(fds, nfds, pollfdSize, revOff);
                } catch (RuntimeException e) {
                    // A bug of ours must not take the router down with it: count it, say it (not endlessly), go on.
                    count(Counter.INTERNAL_ERRORS);
                    long n = counters.get(Counter.INTERNAL_ERRORS);
                    if (n <= 10 || n % 1000 == 0) log.error("internal error #" + n + ", continuing: " + e);
                }
            }
        } catch (ErrnoException e) {
            throw new IOException("the router stopped: " + e.getMessage(), e);
        } finally {
            shutdown();
        }
    }

    private long nextExpire;

    /** One round: timers, outputs, control requests, then poll(2) until the next deadline and read what came. */
    private void step(MemorySegment fds, int nfds, long pollfdSize, long revOff) throws ErrnoException {
        long now = now();
        if (now >= nextExpire) {
            expireRoutes(now);
            nextExpire = now + EXPIRE_INTERVAL_MS;
        }
        engine.handleTimeout(now);
        if (host != null) host.handleTimeout(now);
        drainOutputs(now);
        serveRequests();
        long deadline = Math.min(Math.min(engine.nextDeadline(), host == null ? Long.MAX_VALUE : host.nextDeadline()),
                nextExpire);
        int timeout = (int) Math.clamp(deadline - now(), 0, EXPIRE_INTERVAL_MS);
        for (int i = 0; i < nfds; i++) fds.set(JAVA_SHORT, i * pollfdSize + revOff, (short) 0);
        int ready = Libc.poll(fds, nfds, timeout);
        if (ready <= 0) return;
        if (fds.get(JAVA_SHORT, pollfdSize + revOff) != 0) wakeup.drain();
        if (fds.get(JAVA_SHORT, 2 * pollfdSize + revOff) != 0) readRtnetlink();
        if (fds.get(JAVA_SHORT, revOff) != 0) readSocket();
        if (nfds == 4 && fds.get(JAVA_SHORT, 3 * pollfdSize + revOff) != 0) readDataPlane();
    }

    /**
     * From any thread: a control request ({@code show stats}, {@code show metrics}, ...) answered on the daemon
     * thread like those of the control socket. The future completes within a loop round.
     */
    public CompletableFuture<String> request(String line) {
        CompletableFuture<String> f = new CompletableFuture<>();
        requests.add(new ControlServer.Request(line, f));
        if (wakeup != null) wakeup.wake();
        if (stopping) f.completeExceptionally(new IllegalStateException("daemon stopping"));
        return f;
    }

    /** From any thread (signal handler, shutdown hook, test): makes {@link #run()} clean up and return. */
    public void stop() {
        stopping = true;
        if (wakeup != null) wakeup.wake();
    }

    /** Waits until {@link #run()} has removed everything, at most {@code millis}. */
    public boolean awaitStopped(long millis) throws InterruptedException {
        return stopped.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------------------------------ input

    private void readSocket() throws ErrnoException {
        try {
            // Upstream reports wait until what is queued now has been read: a burst of downstream reports then
            // goes upstream as a few full reports instead of one report per group.
            deferUpstream = true;
            for (int n = 0; n < MAX_BATCH; n++) {
                MrouteSocket.Received r = socket.receive(buf);
                if (r == null) return;
                long now = now();
                switch (r) {
                    case MrouteSocket.Packet p -> onPacket(now, p);
                    case MrouteSocket.KernelUpcall(Upcall u) -> onUpcall(now, u);
                    case MrouteSocket.Runt runt -> count(Counter.DROP_RUNT);
                }
            }
        } finally {
            deferUpstream = false;
            drainOutputs(now());
        }
    }

    private final DataPlane.Input planeInput = new DataPlane.Input() {
        @Override
        public void upcall(Upcall u) {
            onUpcall(now(), u);
        }

        @Override
        public void igmp(MemorySegment packet, long offset, int length, int ifindex) {
            int n = Math.min(length, buf.length);
            MemorySegment.copy(packet, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, buf, 0, n);
            onPacket(now(), new MrouteSocket.Packet(ifindex, n));
        }
    };

    /**
     * The user plane's ring: datagrams are forwarded, those without an entry come back as NOCACHE upcalls, and IGMP
     * is read as from the raw socket.
     */
    private void readDataPlane() {
        try {
            deferUpstream = true;
            plane.receive(now(), planeInput);
        } finally {
            deferUpstream = false;
            drainOutputs(now());
        }
    }

    private boolean deferUpstream;
    private final List<GroupFilter> upstreamChanges = new ArrayList<>();

    private void onPacket(long now, MrouteSocket.Packet p) {
        count(Counter.RX_PACKETS);
        Vif v = byIndex.get(p.ifindex());
        if (v == null) {
            count(Counter.DROP_NOT_OUR_INTERFACE);
            return;
        }
        var ip = Ipv4Header.parse(buf, 0, p.length());
        if (ip instanceof Malformed m) {
            count(Counter.DROP_MALFORMED_IP);
            parseErrors.merge("ip " + m.error().name(), 1L, Long::sum);
            return;
        }
        Ipv4Header h = (Ipv4Header) ip;
        if (h.protocol() != Ipv4Header.PROTOCOL_IGMP) {
            count(Counter.DROP_NOT_IGMP);
            return;
        }
        int hl = h.headerLength();
        int igmpLength = Math.min(h.totalLength(), p.length()) - hl;
        if (v.upstream()) {
            // Upstream, the proxy is a host: it listens to queries (and to other hosts' v1/v2 reports, which
            // suppress its own, RFC 9776 section 7.2). Bad input is counted by the host engine as ignored.
            var parsed = net.igmp.wire.IgmpParser.parse(buf, hl, igmpLength);
            if (parsed instanceof net.igmp.wire.IgmpMessage intact) // read with its checksum intact
                host.handle(now, UPSTREAM, h.source(), h.destination(), intact);
            else if (parsed instanceof Malformed m) parseErrors.merge("upstream " + m.error().name(), 1L, Long::sum);
            else count(Counter.DROP_UPSTREAM_NOT_QUERY_OR_REPORT);
        } else {
            engine.handle(now, v.name(), h.source(), h.destination(), buf, hl, igmpLength);
        }
        drainOutputs(now);
    }

    private void onUpcall(long now, Upcall u) {
        count(Counter.RX_UPCALLS);
        switch (u.type()) {
            case NOCACHE -> {
                count(Counter.UPCALL_NOCACHE);
                // 224.0.0.0/24 is never forwarded (RFC 9776 section 5); the kernel does not ask for it anyway.
                if (Ipv4.isLinkLocalMulticast(u.group())) {
                    count(Counter.UPCALL_LINK_LOCAL);
                    return;
                }
                try {
                    mfc.noCache(u.source(), u.group(), u.vif(), now);
                    count(Counter.MFC_ADDED);
                    log.debug("new source " + Ipv4.format(u.source()) + " for " + Ipv4.format(u.group()) + " on VIF " + u.vif());
                } catch (MrouteException e) {
                    kernelError(e);
                }
            }
            case WRONGVIF -> {
                count(Counter.UPCALL_WRONGVIF);
                try {
                    if (mfc.wrongVif(u.source(), u.group(), u.vif(), now)) {
                        count(Counter.MFC_MOVED);
                        log.info("source " + Ipv4.format(u.source()) + " of " + Ipv4.format(u.group()) + " now arrives on VIF " + u.vif());
                    }
                } catch (MrouteException e) {
                    kernelError(e);
                }
            }
            default -> count(Counter.UPCALL_OTHER);
        }
    }

    // ------------------------------------------------------------------------------------------ output

    private void drainOutputs(long now) {
        Transmit t;
        while ((t = engine.pollTransmit()) != null) {
            Vif v = vifs.get(t.interfaceName());
            if (v != null) send(v, t.destination(), t.message());
        }
        if (!deferUpstream) {
            ProxyEvent pe;
            while ((pe = engine.pollProxyEvent()) != null) upstreamChanges.add(new GroupFilter(pe.group(), pe.mode(), pe.sources()));
            // RFC 4605 section 4.1: the merged membership is reported upstream; changes that came together go together
            if (host != null && host.hasInterface(UPSTREAM) && !upstreamChanges.isEmpty())
                host.listen(now, HostEngine.DEFAULT_SOCKET, UPSTREAM, upstreamChanges);
            upstreamChanges.clear();
        }
        if (host != null) {
            net.igmp.core.host.Transmit ht;
            while ((ht = host.pollTransmit()) != null) {
                Vif v = vifs.get(config.upstream());
                if (v != null) send(v, ht.destination(), ht.message());
            }
        }
        ForwardingEvent e;
        while ((e = engine.pollEvent()) != null) {
            try {
                mfc.membership(e.interfaceName(), e.group(), e.mode(), e.sources(), now);
            } catch (MrouteException ex) {
                kernelError(ex);
            }
            if (log.isDebugEnabled()) log.debug("forward " + Ipv4.format(e.group()) + " on " + e.interfaceName() + ": " + e.mode() + " " + e.sources());
        }
    }

    private void send(Vif v, int destination, IgmpMessage m) {
        int len = IgmpEncoder.encode(m, out, 0);
        try {
            socket.send(v.ifindex(), destination, out, 0, len);
            count(Counter.TX_PACKETS);
        } catch (ErrnoException e) {
            // The interface may have just gone; rtnetlink tells the watcher.
            count(Counter.TX_ERRORS);
            log.debug("send on " + v.name() + " failed: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------ interfaces

    /**
     * Link and address notifications: a snapshot is taken when one concerns a configured interface, and after
     * notifications were lost (ENOBUFS), so that no periodic re-read is needed.
     */
    private void readRtnetlink() throws ErrnoException {
        Rtnetlink.Received r = rtnetlink.receive();
        if (r.resync()) log.info("interface notifications were lost (rtnetlink overrun); re-reading every interface");
        if (watcher.needsSnapshot(r)) watchInterfaces(now());
    }

    private void watchInterfaces(long now) {
        List<InterfaceWatcher.Change> changes;
        try {
            changes = watcher.update(Interfaces.snapshot());
        } catch (ErrnoException e) {
            log.warn("cannot list interfaces: " + e.getMessage());
            return;
        }
        for (InterfaceWatcher.Change c : changes) {
            count(Counter.INTERFACE_CHANGES);
            switch (c) {
                case InterfaceWatcher.Usable u -> bringUp(now, u.name(), u.index(), u.address());
                case InterfaceWatcher.Unusable u -> {
                    bringDown(now, u.name());
                    waiting.put(u.name(), u.why());
                    log.warn(u.why());
                }
                case InterfaceWatcher.Changed ch -> {
                    if (ch.index() != ch.oldIndex()) {
                        log.info("interface " + ch.name() + " was re-created (index " + ch.oldIndex() + " -> " + ch.index() + ")");
                        bringDown(now, ch.name());
                        bringUp(now, ch.name(), ch.index(), ch.address());
                    } else {
                        log.info("interface " + ch.name() + " address " + Ipv4.format(ch.oldAddress()) + " -> " + Ipv4.format(ch.address()));
                        readdress(now, ch.name(), ch.address());
                    }
                }
            }
        }
        drainOutputs(now);
    }

    private void bringUp(long now, String name, int ifindex, int address) {
        int vif = freeVif();
        boolean upstream = name.equals(config.upstream());
        try {
            plane.addInterface(vif, ifindex, name, config.configOf(name).ttlThreshold());
            if (!upstream) socket.joinRouterGroups(ifindex);
        } catch (MrouteException e) {
            log.error(e.getMessage());
            waiting.put(name, e.getMessage());
            return;
        } catch (ErrnoException e) {
            log.error("cannot receive IGMP on " + name + ": " + e.getMessage());
            plane.removeInterface(vif);
            waiting.put(name, e.getMessage());
            return;
        }
        Vif v = new Vif(name, vif, ifindex, address, upstream, now);
        vifs.put(name, v);
        byIndex.put(ifindex, v);
        waiting.remove(name);
        try {
            mfc.vifUp(name, vif, now);
        } catch (MrouteException e) {
            kernelError(e);
        }
        if (upstream) {
            host.addInterface(UPSTREAM, address);
            host.listen(now, HostEngine.DEFAULT_SOCKET, UPSTREAM, upstreamMembership());
        } else {
            engine.addInterface(now, name, address, config.configOf(name));
        }
        log.info("interface " + name + " up: index " + ifindex + ", address " + Ipv4.format(address) + ", VIF " + vif
                + (upstream ? " (upstream)" : config.proxy() ? " (downstream)" : ""));
        drainOutputs(now);
    }

    private void bringDown(long now, String name) {
        Vif v = vifs.remove(name);
        if (v == null) return;
        byIndex.remove(v.ifindex());
        if (v.upstream()) host.removeInterface(UPSTREAM);
        else engine.removeInterface(now, name);
        drainOutputs(now);
        try {
            mfc.vifDown(name, now);
        } catch (MrouteException e) {
            kernelError(e);
        }
        socket.leaveRouterGroups(v.ifindex());
        plane.removeInterface(v.vif());
        log.info("interface " + name + " removed from multicast routing (VIF " + v.vif() + ")");
    }

    private void readdress(long now, String name, int address) {
        Vif v = vifs.get(name);
        if (v == null) return;
        Vif nv = new Vif(v.name(), v.vif(), v.ifindex(), address, v.upstream(), v.since());
        vifs.put(name, nv);
        byIndex.put(v.ifindex(), nv);
        if (v.upstream()) {
            host.removeInterface(UPSTREAM);
            host.addInterface(UPSTREAM, address);
            host.listen(now, HostEngine.DEFAULT_SOCKET, UPSTREAM, upstreamMembership());
        } else {
            engine.changeAddress(now, name, address);
        }
    }

    private List<GroupFilter> upstreamMembership() {
        List<GroupFilter> l = new ArrayList<>();
        for (ProxyEvent pe : engine.proxyMembership()) l.add(new GroupFilter(pe.group(), pe.mode(), pe.sources()));
        return l;
    }

    private int freeVif() {
        boolean[] used = new boolean[Layouts.MAXVIFS];
        for (Vif v : vifs.values()) used[v.vif()] = true;
        for (int i = 0; i < used.length; i++) if (!used[i]) return i;
        return Layouts.MAXVIFS; // addVif explains the limit
    }

    private void expireRoutes(long now) {
        try {
            int n = mfc.expireIdle(now, config.mfcIdleMs());
            if (n > 0) {
                counters.merge(Counter.MFC_EXPIRED, (long) n, Long::sum);
                log.debug(n + " idle forwarding entries removed");
            }
        } catch (MrouteException e) {
            kernelError(e);
        }
    }

    // ------------------------------------------------------------------------------------------ start-up checks

    /** Settings that silently stop forwarding are named at start-up, with the fix. */
    private void warnAboutSettings() {
        int all = sysctl("net/ipv4/conf/all/rp_filter", 0);
        for (String name : config.allInterfaces()) {
            int own = sysctl("net/ipv4/conf/" + name + "/rp_filter", -1);
            if (own < 0) continue; // absent: checked when it appears
            if (Math.max(all, own) == 1)
                log.warn("rp_filter is strict (1) on " + name + ": multicast from sources not routed back through " + name
                        + " is dropped before forwarding; set net.ipv4.conf." + name + ".rp_filter=2 (loose) or 0"
                        + (all == 1 ? " and net.ipv4.conf.all.rp_filter=2 or 0" : ""));
        }
        if (config.proxy() && sysctl("net/ipv4/conf/" + config.upstream() + "/force_igmp_version", 0) != 0)
            log.info("force_igmp_version is set on " + config.upstream() + "; the proxy reports upstream with its own host engine regardless");
    }

    private static int sysctl(String key, int missing) {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys", key)).strip());
        } catch (IOException | NumberFormatException e) {
            return missing;
        }
    }

    // ------------------------------------------------------------------------------------------ control

    private void serveRequests() {
        ControlServer.Request r;
        while ((r = requests.poll()) != null) {
            try {
                String line = r.line().strip();
                r.reply().complete(line.startsWith("clear ") || line.equals("reload") ? operate(line, now()) : views.answer(line, now()));
            } catch (RuntimeException e) {
                r.reply().completeExceptionally(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ operator requests

    /** Where {@code reload} reads the new configuration (the config file with the command line's options); null: no reload. */
    private java.util.function.Supplier<DaemonConfig> reloadSource;

    /** Before {@link #start()}: how {@code reload} (SIGHUP, {@code igmp reload}) gets the new configuration; it throws when invalid. */
    public void reloadFrom(java.util.function.Supplier<DaemonConfig> source) {
        this.reloadSource = source;
    }

    /** {@code clear groups [IF [GROUP]]} and {@code reload}: a JSON reply, {@code {"error": ...}} when refused. */
    private String operate(String line, long now) {
        Map<String, Object> reply = new LinkedHashMap<>();
        String[] w = line.split("\\s+");
        try {
            if (w[0].equals("reload")) reply.putAll(reload(now));
            else if (w.length >= 2 && w[1].equals("groups") && w.length <= 4) reply.put("cleared", clearGroups(now, w.length > 2 ? w[2] : "*", w.length > 3 ? w[3] : null));
            else throw new IllegalArgumentException("unknown request '" + line + "'");
        } catch (IllegalArgumentException | IllegalStateException e) {
            log.warn(e.getMessage()); // a SIGHUP has no one else to tell
            reply.put("error", e.getMessage());
        }
        drainOutputs(now);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(reply);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends the memberships of one router interface ({@code *}: all), or of one group there, and queries again. */
    private int clearGroups(long now, String name, String group) {
        int g = group == null ? 0 : Ipv4.parse(group);
        if (group != null && !Ipv4.isMulticast(g)) throw new IllegalArgumentException(group + " is not a multicast group");
        List<String> names = name.equals("*") ? engine.interfaceNames() : List.of(name);
        if (!engine.interfaceNames().containsAll(names))
            throw new IllegalArgumentException("no router interface " + name + " is up (router interfaces up: " + String.join(", ", engine.interfaceNames()) + ")");
        int n = 0;
        for (String i : names) n += engine.clearGroups(now, i, g);
        log.info("cleared " + n + " group" + (n == 1 ? "" : "s") + (name.equals("*") ? "" : " on " + name) + (group == null ? "" : " for " + group));
        return n;
    }

    /**
     * Applies the difference between the running and the new configuration, all checked before anything changes:
     * interfaces removed are detached, interfaces added are attached (at once when usable), an interface whose
     * settings changed keeps its memberships and takes the new timers from its next timer; forwarding entries of
     * interfaces left alone stay untouched.
     */
    private Map<String, Object> reload(long now) {
        if (reloadSource == null) throw new IllegalStateException("this router has no config to reload");
        DaemonConfig next;
        try {
            next = reloadSource.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("reload refused, nothing changed: " + e.getMessage());
        }
        if (next.proxy() != config.proxy() || next.proxy() && !next.upstream().equals(config.upstream()))
            throw new IllegalArgumentException("reload refused, nothing changed: a change of mode or of the upstream interface needs a restart");
        List<String> removed = new ArrayList<>(config.allInterfaces()), added = new ArrayList<>(next.allInterfaces()), changed = new ArrayList<>();
        removed.removeAll(next.allInterfaces());
        added.removeAll(config.allInterfaces());
        for (String n : next.routerInterfaces())
            if (!added.contains(n) && !config.configOf(n).equals(next.configOf(n))) changed.add(n);
        DaemonConfig before = config;
        for (String n : removed) {
            bringDown(now, n);
            waiting.remove(n);
        }
        config = next;
        watcher = watcher.withNames(next.allInterfaces());
        for (String n : changed) {
            if (engine.interfaceNames().contains(n)) engine.updateConfig(now, n, next.configOf(n));
            if (before.configOf(n).ttlThreshold() != next.configOf(n).ttlThreshold())
                log.warn("interface " + n + ": the new TTL threshold applies when it next comes up (changing a VIF would interrupt its streams)");
        }
        watchInterfaces(now);
        log.info("reloaded: " + (added.isEmpty() ? "" : "added " + String.join(", ", added) + "; ")
                + (removed.isEmpty() ? "" : "removed " + String.join(", ", removed) + "; ")
                + (changed.isEmpty() ? "no interface settings changed" : "new settings on " + String.join(", ", changed)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("added", added);
        out.put("removed", removed);
        out.put("changed", changed);
        return out;
    }

    // ------------------------------------------------------------------------------------------ shutdown

    private void shutdown() {
        try {
            long now = now();
            if (host != null && host.hasInterface(UPSTREAM)) {
                // Leave upstream so that the upstream router stops sending at once rather than after its timers.
                for (Integer g : host.groups(UPSTREAM)) host.leave(now, UPSTREAM, g);
                drainOutputs(now);
            }
        } catch (RuntimeException e) {
            log.warn("leaving upstream groups failed: " + e.getMessage());
        }
        closeKernelSide();
        log.info("igmp router stopped; multicast routing state removed");
        stopped.countDown();
    }

    private void closeKernelSide() {
        if (control != null) control.close();
        for (ControlServer.Request r : requests) r.reply().completeExceptionally(new IllegalStateException("daemon stopping"));
        if (plane != null) plane.close();
        if (socket != null) socket.close(); // MRT_DONE + close: the kernel drops every VIF and MFC entry
        if (rtnetlink != null) rtnetlink.close();
        if (wakeup != null) wakeup.close();
    }

    private void kernelError(MrouteException e) {
        count(Counter.KERNEL_ERRORS);
        log.error(e.getMessage());
    }

    private void count(Counter c) {
        counters.merge(c, 1L, Long::sum);
    }

    // ------------------------------------------------------------------------------------------ views

    DaemonConfig config() {
        return config;
    }

    RouterEngine engine() {
        return engine;
    }

    HostEngine host() {
        return host;
    }

    Map<String, Vif> vifs() {
        return vifs;
    }

    Map<String, String> waiting() {
        return waiting;
    }

    Map<Counter, Long> counters() {
        return counters;
    }

    Map<String, Long> parseErrors() {
        return parseErrors;
    }

    MfcTable mfc() {
        return mfc;
    }

    DataPlane dataPlane() {
        return plane;
    }

    List<String> interfacesInOrder() {
        return new ArrayList<>(config.allInterfaces());
    }
}
