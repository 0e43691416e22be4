package net.igmp.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON form of a run, as {@code igmp simulate --json} prints it. */
public final class SimJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SimJson() {}

    /** One JSON object: deliveries, segments, queriers, violations, and the messages when asked for. */
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
        o.put("violations", r.violations());
        if (withMessages) o.put("messages", r.messages());
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
