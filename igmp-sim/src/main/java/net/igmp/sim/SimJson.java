package net.igmp.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import net.igmp.wire.MessageDescription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON form of a run, as {@code igmp simulate --json} prints it. */
public final class SimJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SimJson() {}

    /**
     * One JSON object: deliveries, segments, queriers, membership and querier changes, violations, and the messages
     * when asked for, each with the fields of {@link MessageDescription#fields} after its time, segment and addresses.
     */
    public static String toJson(SimResult r, boolean withMessages) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("scenario", r.scenario());
        o.put("seed", r.seed());
        o.put("durationMs", r.durationMs());
        o.put("steps", r.steps());
        o.put("framesSent", r.framesSent());
        o.put("framesReceived", r.framesReceived());
        o.put("deliveries", r.deliveries());
        o.put("segments", r.segments());
        o.put("queriers", r.queriers());
        o.put("memberships", r.memberships());
        o.put("querierChanges", r.querierChanges());
        o.put("violations", r.violations());
        if (withMessages) {
            List<Map<String, Object>> messages = new ArrayList<>(r.messages().size());
            for (SimResult.Message m : r.messages()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("atMs", m.atMs());
                x.put("segment", m.segment());
                x.put("src", m.src());
                x.put("dst", m.dst());
                x.putAll(MessageDescription.fields(m.message()));
                messages.add(x);
            }
            o.put("messages", messages);
        }
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
