package org.drover.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The https listener against the built distribution, with real clients: certificates made by
 * openssl, HTTP/2 and HTTP/1.1 by curl, the served certificate and the protocols by {@code
 * openssl s_client}; the pair re-read on SIGHUP, a bad one kept out.
 */
class HttpsIT {

    @TempDir
    static Path dir;

    private static DroverProcess drover;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        certificate("first", dir.resolve("cert.pem"), dir.resolve("key.pem"));
        // PKCS#1, as older tools write RSA keys
        run(
                "openssl",
                "rsa",
                "-in",
                dir.resolve("key.pem").toString(),
                "-traditional",
                "-out",
                dir.resolve("key.pem").toString());
        drover = DroverProcess.start(
                "--https",
                "127.0.0.1:0," + dir.resolve("cert.pem") + "," + dir.resolve("key.pem"),
                "--app",
                DroverProcess.ECHO.toString(),
                "-p",
                "1");
        port = Integer.parseInt(drover.awaitLineFromStart("drover ready: .* on https://127.0.0.1:(\\d+)")
                .group(1));
        drover.mark();
    }

    @AfterAll
    static void stop() {
        if (drover != null) {
            drover.close();
        }
    }

    /** A self-signed certificate for {@code name} (and 127.0.0.1), and its PKCS#8 key. */
    private static void certificate(String name, Path cert, Path key) throws Exception {
        run(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=" + name,
                "-addext",
                "subjectAltName=DNS:" + name + ",IP:127.0.0.1",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString());
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // s_client reads its stdin
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        if (!command[1].equals("s_client")) {
            assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        }
        return output;
    }

    private static String curl(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-k", "-w", "\\n%{http_version}"));
        command.addAll(List.of(options));
        return run(command.toArray(String[]::new));
    }

    private static String servedSubject() throws Exception {
        String output = run("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost");
        return output.lines()
                .filter(line -> line.startsWith("subject="))
                .findFirst()
                .orElse(output);
    }

    @Test
    void http2ByAlpnAndHttp11BesideItWithHttpsInTheVars() throws Exception {
        String h2 = curl("--http2", "https://127.0.0.1:" + port + "/vars");
        assertTrue(h2.endsWith("\n2"), h2);
        assertTrue(h2.contains("HTTPS=on\n"), h2);
        assertTrue(h2.contains("wsgi.url_scheme=https\n"), h2);
        String h11 = curl("--http1.1", "https://127.0.0.1:" + port + "/vars");
        assertTrue(h11.endsWith("\n1.1"), h11);
        assertTrue(h11.contains("HTTPS=on\n"), h11);
    }

    @Test
    void onlyTls12And13AreSpoken() throws Exception {
        // SECLEVEL=0: OpenSSL 3 would refuse TLS 1.1 itself, and the test would prove nothing.
        String old =
                run("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertTrue(!old.contains("Cipher is") || old.contains("Cipher is (NONE)"), old);
        String modern = run("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2");
        assertTrue(modern.contains("Protocol  : TLSv1.2") || modern.contains("TLSv1.2"), modern);
    }

    @Test
    void aReloadReadsANewPairAndKeepsTheOldOneWhenTheNewIsBad() throws Exception {
        assertTrue(servedSubject().contains("CN = first") || servedSubject().contains("CN=first"), servedSubject());
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path nextCert = dir.resolve("next-cert.pem");
        Path nextKey = dir.resolve("next-key.pem");
        certificate("second", nextCert, nextKey);
        Files.move(nextKey, key, StandardCopyOption.REPLACE_EXISTING);
        Files.move(nextCert, cert, StandardCopyOption.REPLACE_EXISTING);
        drover.signal("HUP");
        drover.awaitLine("https: certificate re-read from " + cert);
        String subject = servedSubject();
        assertTrue(subject.contains("second"), subject);

        certificate("third", nextCert, nextKey); // a key of another certificate: the pair does not match
        Files.move(nextKey, key, StandardCopyOption.REPLACE_EXISTING);
        drover.awaitLine("reload finished");
        drover.signal("HUP");
        drover.awaitLine(
                "https: keeping the old certificate: " + key + " is not the key of the certificate in " + cert);
        assertTrue(servedSubject().contains("second"), "the old pair is still served");
        String h2 = curl("--http2", "https://127.0.0.1:" + port + "/vars");
        assertTrue(h2.endsWith("\n2"), h2);
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsOneLineAndExit2(@TempDir Path other) throws Exception {
        certificate("a", other.resolve("a.pem"), other.resolve("a-key.pem"));
        certificate("b", other.resolve("b.pem"), other.resolve("b-key.pem"));
        try (DroverProcess bad = DroverProcess.start(
                "--https",
                "127.0.0.1:0," + other.resolve("a.pem") + "," + other.resolve("b-key.pem"),
                "--app",
                DroverProcess.HELLO.toString())) {
            assertEquals(2, bad.awaitExit(Duration.ofSeconds(60)), bad.output());
            assertTrue(
                    bad.lines()
                            .contains("drover: https: " + other.resolve("b-key.pem")
                                    + " is not the key of the certificate in " + other.resolve("a.pem")),
                    bad.output());
            assertTrue(bad.process().descendants().findAny().isEmpty(), "no worker is left");
        }
    }
}
