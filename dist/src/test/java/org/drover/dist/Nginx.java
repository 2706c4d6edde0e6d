package org.drover.dist;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's nginx, run in the foreground on loopback with a config of the test's own, one server
 * block per upstream, each proxying with {@code uwsgi_pass}. On a machine without nginx the tests
 * are skipped, unless {@code DROVER_REQUIRE_NGINX} is set (as {@code .ci/run} does), when they fail.
 */
final class Nginx implements AutoCloseable {

    /** The uwsgi params of Debian's {@code /etc/nginx/uwsgi_params}, as docs/nginx.md shows them. */
    private static final String PARAMS = """
            uwsgi_param QUERY_STRING $query_string;
            uwsgi_param REQUEST_METHOD $request_method;
            uwsgi_param CONTENT_TYPE $content_type;
            uwsgi_param CONTENT_LENGTH $content_length;
            uwsgi_param REQUEST_URI $request_uri;
            uwsgi_param PATH_INFO $document_uri;
            uwsgi_param DOCUMENT_ROOT $document_root;
            uwsgi_param SERVER_PROTOCOL $server_protocol;
            uwsgi_param REQUEST_SCHEME $scheme;
            uwsgi_param HTTPS $https if_not_empty;
            uwsgi_param REMOTE_ADDR $remote_addr;
            uwsgi_param REMOTE_PORT $remote_port;
            uwsgi_param SERVER_PORT $server_port;
            uwsgi_param SERVER_NAME $server_name;
            """;

    private final Process process;
    private final Map<String, Integer> ports;

    private Nginx(Process process, Map<String, Integer> ports) {
        this.process = process;
        this.ports = ports;
    }

    /** The nginx binary, or a skipped test (a failed one where CI requires nginx). */
    static Path binary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        String how = "nginx is not installed; install it (apt-get install nginx) to run the nginx tests";
        if (System.getenv("DROVER_REQUIRE_NGINX") != null) {
            throw new AssertionError(how + " (DROVER_REQUIRE_NGINX is set)");
        }
        Assumptions.abort(how);
        return null;
    }

    /**
     * Starts nginx with one loopback server per upstream ({@code 127.0.0.1:PORT} or
     * {@code unix:/path}), and waits until every server takes connections.
     */
    static Nginx start(Path dir, Map<String, String> upstreams) throws Exception {
        return start(dir, upstreams, "");
    }

    /** As {@link #start(Path, Map)}, with more of nginx's http block, such as an {@code upstream}. */
    static Nginx start(Path dir, Map<String, String> upstreams, String http) throws Exception {
        Path nginx = binary();
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Map<String, Integer> ports = new java.util.LinkedHashMap<>();
            StringBuilder servers = new StringBuilder();
            for (Map.Entry<String, String> upstream : upstreams.entrySet()) {
                int port = freePort();
                ports.put(upstream.getKey(), port);
                servers.append("  server {\n    listen 127.0.0.1:")
                        .append(port)
                        .append(";\n")
                        .append("    location / {\n")
                        .append(PARAMS.indent(6))
                        .append("      uwsgi_pass ")
                        .append(upstream.getValue())
                        .append(";\n    }\n  }\n");
            }
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config(dir, http.indent(2) + servers));
            Process process = new ProcessBuilder(
                            nginx.toString(),
                            "-p",
                            dir.toString(),
                            "-c",
                            conf.toString(),
                            "-e",
                            dir.resolve("error.log").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
            Nginx started = new Nginx(process, ports);
            try {
                started.awaitListening();
                return started;
            } catch (AssertionError e) {
                started.close();
                last = e; // most likely a port taken meanwhile: try others
            }
        }
        throw last;
    }

    private static String config(Path dir, String servers) {
        boolean root = "root".equals(System.getProperty("user.name"));
        return (root ? "user root root;\n" : "") + """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                events { worker_connections 256; }
                http {
                  access_log %1$s/access.log;
                  client_body_temp_path %1$s/client_body;
                  uwsgi_temp_path %1$s/uwsgi;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  scgi_temp_path %1$s/scgi;
                  client_max_body_size 64m;
                %2$s}
                """.formatted(dir, servers);
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int port : ports.values()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new AssertionError("nginx exited with " + process.exitValue());
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    break;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("nginx not listening on " + port + " within 20 s");
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The port of the server that proxies to this upstream's name. */
    int port(String name) {
        return ports.get(name);
    }

    @Override
    public void close() throws InterruptedException {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
