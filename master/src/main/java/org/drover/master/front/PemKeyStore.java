package org.drover.master.front;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The https listener's certificate and key, read from PEM files (as uWSGI, nginx and every
 * certificate authority hand them out) into a {@link KeyStore} for Jetty; Bouncy Castle parses
 * them, since the JDK has no PEM reader. The key must belong to the certificate.
 */
final class PemKeyStore {

    /** The key store's password: it lives in memory only. */
    static final char[] PASSWORD = "drover".toCharArray();

    private PemKeyStore() {}

    /**
     * @param certificate the server's certificate, then its chain
     * @param key a PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or {@code EC PRIVATE KEY}
     * @throws IOException naming the file that is unreadable, not PEM, or does not match
     */
    static KeyStore of(Path certificate, Path key) throws IOException {
        List<X509Certificate> chain = certificates(certificate);
        if (chain.isEmpty()) {
            throw new IOException(certificate + ": no CERTIFICATE in it");
        }
        PrivateKey privateKey = privateKey(key);
        if (!matches(privateKey, chain.get(0))) {
            throw new IOException(key + " is not the key of the certificate in " + certificate);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey, PASSWORD, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException(certificate + ": " + e.getMessage(), e);
        }
    }

    /** A trust store of the CAs in this PEM file, for client certificates. */
    static KeyStore trusting(Path caFile) throws IOException {
        List<X509Certificate> cas = certificates(caFile);
        if (cas.isEmpty()) {
            throw new IOException(caFile + ": no CERTIFICATE in it");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException(caFile + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : objects(file)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (GeneralSecurityException e) {
                    throw new IOException(file + ": " + e.getMessage(), e);
                }
            }
        }
        return certificates;
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : objects(file)) {
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            } else if (object instanceof PEMKeyPair pair) {
                // The private part alone: an EC PRIVATE KEY may leave its public key out.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (!(object instanceof ASN1ObjectIdentifier)) { // EC PARAMETERS before an EC key
                throw new IOException(file + ": " + object.getClass().getSimpleName()
                        + " is not a private key (an encrypted key is not read: decrypt it first)");
            }
        }
        throw new IOException(file + ": no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY in it");
    }

    private static List<Object> objects(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object object; (object = parser.readObject()) != null; ) {
                objects.add(object);
            }
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return objects;
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IOException("keys of type " + key.getAlgorithm() + " are not supported");
        };
        try {
            byte[] nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(nonce);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(nonce);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a key of another type than the certificate's
        }
    }
}
