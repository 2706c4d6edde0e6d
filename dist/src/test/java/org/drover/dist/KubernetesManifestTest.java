package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped Kubernetes manifest, read with a YAML parser: its probes must reach the probes of
 * the Drover options it runs with, and its grace period and memory must cover what they imply.
 */
class KubernetesManifestTest {

    private static final Path MANIFEST = Path.of("src/main/dist/k8s/drover.yaml");
    /** The master after load, and a hello worker, in MB (bench/README.md). */
    private static final int MASTER_MB = 170;

    private static final int WORKER_MB = 60;

    @Test
    void theProbesTheGracePeriodAndTheMemoryMatchTheOptions() throws Exception {
        Map<String, JsonNode> byKind = new HashMap<>();
        try (MappingIterator<JsonNode> documents =
                new YAMLMapper().readerFor(JsonNode.class).readValues(MANIFEST.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                byKind.put(document.path("kind").asText(), document);
            }
        }
        JsonNode pod = byKind.get("Deployment").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        Map<String, String> options = options(container.path("args"));

        int metrics = port(options.get("--metrics"));
        int http = port(options.get("--http"));
        assertEquals("/readyz", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals(metrics, container.at("/readinessProbe/httpGet/port").asInt());
        assertEquals("/livez", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals(metrics, container.at("/livenessProbe/httpGet/port").asInt());
        List<Integer> ports = new ArrayList<>();
        container
                .path("ports")
                .forEach(port -> ports.add(port.path("containerPort").asInt()));
        assertTrue(ports.contains(metrics) && ports.contains(http), ports.toString());

        int drain = Integer.parseInt(options.getOrDefault("--drain-delay", "0"));
        int graceful = Integer.parseInt(options.getOrDefault("--graceful-timeout", "30"));
        int grace = pod.path("terminationGracePeriodSeconds").asInt();
        assertTrue(drain > 0, "a drain, so the Service stops routing before the stop");
        assertTrue(grace > drain + graceful + 10, "terminationGracePeriodSeconds " + grace);
        int readinessSeconds = container.at("/readinessProbe/periodSeconds").asInt()
                * container.at("/readinessProbe/failureThreshold").asInt();
        assertTrue(readinessSeconds < drain, "readiness fails within the drain: " + readinessSeconds + " s");

        int processes = Integer.parseInt(options.getOrDefault("--processes", "1"));
        int memory = mebibytes(container.at("/resources/requests/memory").asText());
        assertTrue(memory >= MASTER_MB + processes * WORKER_MB, "memory request " + memory + "Mi");

        JsonNode service = byKind.get("Service");
        assertEquals(http, service.at("/spec/ports/0/targetPort").asInt());
        assertEquals(
                byKind.get("Deployment").at("/spec/selector/matchLabels/app").asText(),
                service.at("/spec/selector/app").asText());
    }

    private static Map<String, String> options(JsonNode args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            options.put(args.get(i).asText(), args.get(i + 1).asText());
        }
        return options;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static int mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Integer.parseInt(quantity.replace("Gi", "")) * 1024;
        }
        return Integer.parseInt(quantity.replace("Mi", ""));
    }
}
