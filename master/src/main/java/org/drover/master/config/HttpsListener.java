package org.drover.master.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code https} listener, in uWSGI's syntax {@code [HOST]:PORT,CERT,KEY[,CIPHERS[,CLIENT_CA]]}.
 *
 * @param certificate a PEM file: the server's certificate, then the chain
 * @param key a PEM file: PKCS#8, PKCS#1 ({@code RSA PRIVATE KEY}) or {@code EC PRIVATE KEY}
 * @param ciphers JSSE cipher suite names (or regular expressions), colon-separated; empty for the defaults
 * @param clientCa a PEM file of the CAs whose client certificates are accepted
 * @param clientCertificateRequired a client must present one ({@code !} before the CA), else it may
 */
public record HttpsListener(
        ServerConfig.HostPort address,
        Path certificate,
        Path key,
        Optional<String> ciphers,
        Optional<Path> clientCa,
        boolean clientCertificateRequired) {}
