package org.drover.master.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The https pair read from PEM: every key format the option names, and the errors for bad files. */
class PemKeyStoreTest {

    @TempDir
    Path dir;

    private static KeyPair keys(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(KeyPair keys, String signature) throws Exception {
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        return new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.valueOf(now.toEpochMilli()),
                                Date.from(now.minus(1, ChronoUnit.HOURS)),
                                Date.from(now.plus(1, ChronoUnit.DAYS)),
                                name,
                                keys.getPublic())
                        .build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
    }

    private Path pem(String file, Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        return Files.writeString(dir.resolve(file), text.toString());
    }

    @Test
    void pkcs1Pkcs8AndEcKeysAreRead() throws Exception {
        KeyPair rsa = keys("RSA");
        Path rsaCert = pem("rsa.pem", certificate(rsa, "SHA256withRSA"));
        KeyPair ec = keys("EC");
        Path ecCert = pem("ec.pem", certificate(ec, "SHA256withECDSA"));
        for (Path[] pair : new Path[][] {
            {rsaCert, pem("rsa-pkcs1.pem", rsa.getPrivate())}, // RSA PRIVATE KEY
            {rsaCert, pem("rsa-pkcs8.pem", new JcaPKCS8Generator(rsa.getPrivate(), null).generate())},
            {ecCert, pem("ec-pkcs8.pem", new JcaPKCS8Generator(ec.getPrivate(), null).generate())}
        }) {
            KeyStore store = PemKeyStore.of(pair[0], pair[1]);
            assertTrue(store.isKeyEntry("server"), pair[1].toString());
            assertEquals(1, store.getCertificateChain("server").length);
        }
    }

    /** An {@code EC PRIVATE KEY} as openssl writes it (with its curve), and its certificate. */
    @Test
    void anEcPrivateKeyFromOpensslIsRead() throws Exception {
        Path key = dir.resolve("ec-sec1.pem");
        Path cert = dir.resolve("ec-cert.pem");
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
        run(
                "openssl",
                "req",
                "-x509",
                "-key",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "1",
                "-subj",
                "/CN=localhost");
        assertTrue(Files.readString(key).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertTrue(PemKeyStore.of(cert, key).isKeyEntry("server"));
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() throws Exception {
        Path cert = pem("cert.pem", certificate(keys("EC"), "SHA256withECDSA"));
        Path other = pem("other.pem", new JcaPKCS8Generator(keys("EC").getPrivate(), null).generate());
        IOException error = assertThrows(IOException.class, () -> PemKeyStore.of(cert, other));
        assertEquals(other + " is not the key of the certificate in " + cert, error.getMessage());
        Path rsa = pem("rsa.pem", keys("RSA").getPrivate());
        assertEquals(
                rsa + " is not the key of the certificate in " + cert,
                assertThrows(IOException.class, () -> PemKeyStore.of(cert, rsa)).getMessage());
    }

    @Test
    void filesWithoutWhatTheyShouldHoldAreNamed() throws Exception {
        KeyPair ec = keys("EC");
        Path key = pem("key.pem", new JcaPKCS8Generator(ec.getPrivate(), null).generate());
        Path cert = pem("cert.pem", certificate(ec, "SHA256withECDSA"));
        assertEquals(
                key + ": no CERTIFICATE in it",
                assertThrows(IOException.class, () -> PemKeyStore.of(key, key)).getMessage());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not PEM at all\n");
        assertEquals(
                garbage + ": no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY in it",
                assertThrows(IOException.class, () -> PemKeyStore.of(cert, garbage))
                        .getMessage());
    }
}
