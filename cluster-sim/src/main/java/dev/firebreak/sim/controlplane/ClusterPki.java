package dev.firebreak.sim.controlplane;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * One simulated cluster's certificates, as kubeadm makes them: its own CA; the API server's
 * serving certificate (for its address and the in-cluster names); client certificates for the
 * controller manager, the scheduler, the API server's calls to kubelets, the node agent and the
 * admin; and the service-account key pair. Files under the cluster's {@code pki/} directory, keys
 * readable by their owner only. Made per run: a cluster's credentials end with it.
 */
public final class ClusterPki {

    /** A certificate and its key, as PEM files. */
    public record Credential(Path cert, Path key) {
    }

    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String cluster;
    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private ClusterPki(String cluster, Path dir, KeyPair caKeys, X509Certificate ca) {
        this.cluster = cluster;
        this.dir = dir;
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A new CA named for {@code cluster}, kept under {@code dir}. */
    public static ClusterPki create(Path dir, String cluster) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            KeyPair keys = keyPair();
            X500Name name = name(cluster + "-ca", null);
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(VALIDITY.multipliedBy(10))), name, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate ca = new JcaX509CertificateConverter().getCertificate(b.build(signer(keys)));
            ClusterPki pki = new ClusterPki(cluster, dir, keys, ca);
            pki.write("ca.crt", pem(ca), false);
            pki.write("ca.key", pem(keys.getPrivate()), true);
            return pki;
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("Cannot make the certificate authority of " + cluster + ": " + e.getMessage(), e);
        }
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    /**
     * The API server's serving certificate: for its address, localhost, the in-cluster names of the
     * kubernetes Service, and {@code kubernetes.<cluster>.firebreak.internal}, the name the other
     * sites reach it by across the WAN (the witness, docs/failover.md).
     */
    public Credential apiServer(String address, String serviceIp) {
        List<GeneralName> names = new ArrayList<>();
        for (String dns : List.of("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local", "kubernetes." + cluster + ".firebreak.internal")) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (String ip : List.of(address, "127.0.0.1", serviceIp)) {
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        return issue("apiserver", "kube-apiserver", null, names, true);
    }

    /** A client certificate: {@code user} as its common name, {@code group} (may be null) as its organization. */
    public Credential client(String file, String user, String group) {
        return issue(file, user, group, List.of(), false);
    }

    /** A serving certificate for a node's kubelet endpoint at {@code address}. */
    public Credential kubeletServing(String file, String node, String address) {
        return issue(file, node, null, List.of(new GeneralName(GeneralName.iPAddress, address),
                new GeneralName(GeneralName.dNSName, node)), true);
    }

    /** The key pair that signs and verifies service-account tokens ({@code sa.key}, {@code sa.pub}). */
    public Credential serviceAccountKeys() {
        try {
            KeyPair keys = keyPair();
            Path pub = write("sa.pub", pem(keys.getPublic()), false);
            Path key = write("sa.key", pem(keys.getPrivate()), true);
            return new Credential(pub, key);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot make the service-account keys: " + e.getMessage(), e);
        }
    }

    private Credential issue(String file, String commonName, String organization, List<GeneralName> altNames, boolean server) {
        try {
            KeyPair keys = keyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(VALIDITY)), name(commonName, organization), keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            if (!altNames.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames.toArray(GeneralName[]::new)));
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer(caKeys)));
            return new Credential(write(file + ".crt", pem(cert), false), write(file + ".key", pem(keys.getPrivate()), true));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    private Path write(String name, String pem, boolean secret) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
        return file;
    }

    private static X500Name name(String commonName, String organization) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        if (organization != null) {
            b.addRDN(BCStyle.O, organization);
        }
        b.addRDN(BCStyle.CN, commonName);
        return b.build();
    }

    /**
     * ECDSA P-256, as kubeadm can be told to use ({@code encryptionAlgorithm: ECDSA-P256}): a site
     * needs a dozen key pairs at every {@code up}, and on two cores RSA-2048 took 15 s of the start
     * for three sites where P-256 takes a few milliseconds. Everything involved reads them: the Go
     * binaries (TLS, service-account tokens as ES256), kubectl, fabric8 and Vert.x.
     */
    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static ContentSigner signer(KeyPair keys) throws org.bouncycastle.operator.OperatorCreationException {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    }

    /** A private key as PKCS #8 ({@code BEGIN PRIVATE KEY}), the form every reader here accepts for EC keys. */
    static String pem(java.security.PrivateKey key) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
        }
        return out.toString();
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM);
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    /** Reads a file of this PKI as text (for kubeconfig's embedded data). */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
