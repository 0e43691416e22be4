package net.igmp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.igmp.linux.control.ControlClient;
import net.igmp.linux.control.ControlServer;
import net.igmp.wire.Ipv4;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Commands that change a running router through its control socket: {@code igmp clear groups}, {@code igmp reload}. */
final class OperatorCommands {
    private OperatorCommands() {}

    /** Sends one request; an {@code error} in the reply exits 1 with it. */
    static JsonNode ask(Path control, String line) throws Exception {
        JsonNode reply = new ObjectMapper().readTree(ControlClient.request(control, line));
        if (reply.has("error")) throw new Main.Failure(1, reply.get("error").asText());
        return reply;
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = {"Ends memberships on a running 'igmp router' and queries again (FRR's 'clear ip igmp groups').", "",
                    "The hosts that still want a group answer the general query that follows at once; static groups stay."},
            footer = {"", "Examples:", "  igmp clear groups", "  igmp clear groups --interface lan1 --group 239.1.1.1"})
    static final class Clear implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "groups", description = "What to clear: groups.")
        String what;

        @Option(names = "--interface", paramLabel = "IF", description = "Only on this interface (default: every router interface).")
        String iface;

        @Option(names = "--group", paramLabel = "GROUP", description = "Only this group.")
        String group;

        @Option(names = "--control", paramLabel = "PATH", description = "The daemon's control socket (default: ${DEFAULT-VALUE}).")
        Path control = ControlServer.DEFAULT_PATH;

        @Override
        public Integer call() throws Exception {
            if (!what.equals("groups")) throw Main.usage(spec, "only 'groups' can be cleared, not '" + what + "'");
            if (group != null) {
                int g;
                try {
                    g = Ipv4.parse(group);
                } catch (IllegalArgumentException e) {
                    throw Main.usage(spec, "--group: " + e.getMessage());
                }
                if (!Ipv4.isMulticast(g)) throw Main.usage(spec, "--group: " + group + " is not a multicast group (224.0.0.0/4)");
            }
            JsonNode r = ask(control, "clear groups " + (iface == null ? "*" : iface) + (group == null ? "" : " " + group));
            int n = r.path("cleared").asInt();
            spec.commandLine().getOut().println("cleared " + n + " group" + (n == 1 ? "" : "s"));
            return 0;
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = {"Makes a running 'igmp router' read its config file again (as SIGHUP does).", "",
                    "The difference is applied as one change: an invalid file changes nothing and the reply says why."})
    static final class Reload implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--control", paramLabel = "PATH", description = "The daemon's control socket (default: ${DEFAULT-VALUE}).")
        Path control = ControlServer.DEFAULT_PATH;

        @Override
        public Integer call() throws Exception {
            JsonNode r = ask(control, "reload");
            var out = spec.commandLine().getOut();
            out.println("reloaded; added: " + list(r.path("added")) + "; removed: " + list(r.path("removed")) + "; new settings: " + list(r.path("changed")));
            return 0;
        }

        private static String list(JsonNode a) {
            if (a.isEmpty()) return "none";
            StringBuilder b = new StringBuilder();
            a.forEach(x -> b.append(b.isEmpty() ? "" : ", ").append(x.asText()));
            return b.toString();
        }
    }
}
