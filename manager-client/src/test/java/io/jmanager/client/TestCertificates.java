package io.jmanager.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes test CAs and the certificates they sign, written to a folder as PEM files with PKCS#8 keys,
 * as the openssl commands of docs/TLS.md make them.
 */
final class TestCertificates {
  private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

  private final Path folder;

  TestCertificates(Path folder) {
    this.folder = folder;
  }

  /** A certificate's PEM file and its key's. */
  record Pair(Path certificate, Path key) {}

  /** Makes a CA with an EC key; its certificate is {@link Ca#pem()}. */
  Ca ca(String name) {
    KeyPair keys = keyPair("EC");
    X500Name subject = new X500Name("CN=" + name);
    X509Certificate certificate =
        sign(
            subject,
            keys.getPrivate(),
            subject,
            keys,
            true,
            new KeyPurposeId[0],
            new GeneralName[0]);
    Path pem = folder.resolve(name + ".pem");
    writePem(pem, "CERTIFICATE", encoded(certificate));
    return new Ca(subject, keys, pem);
  }

  /** A CA that signs server and client certificates. */
  final class Ca {
    private final X500Name name;
    private final KeyPair keys;
    private final Path pem;

    private Ca(X500Name name, KeyPair keys, Path pem) {
      this.name = name;
      this.keys = keys;
      this.pem = pem;
    }

    /** The PEM file of this CA's certificate. */
    Path pem() {
      return pem;
    }

    /** A server certificate with an EC key for these hosts: IP addresses or DNS names. */
    Pair server(String name, String... hosts) {
      return issue(name, "EC", new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}, hosts);
    }

    /** A server certificate with an RSA key for these hosts. */
    Pair rsaServer(String name, String... hosts) {
      return issue(name, "RSA", new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}, hosts);
    }

    /**
     * A cluster member's certificate with an EC key for these hosts, for TLS server and client use
     * alike: members connect to each other.
     */
    Pair peer(String name, String... hosts) {
      return issue(
          name,
          "EC",
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth},
          hosts);
    }

    /** A client certificate with an EC key. */
    Pair client(String name) {
      return issue(name, "EC", new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});
    }

    /** A client certificate with an RSA key. */
    Pair rsaClient(String name) {
      return issue(name, "RSA", new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});
    }

    private Pair issue(String name, String algorithm, KeyPurposeId[] purposes, String... hosts) {
      KeyPair leaf = keyPair(algorithm);
      GeneralName[] names = new GeneralName[hosts.length];
      for (int i = 0; i < hosts.length; i++) {
        // an IPv4 or IPv6 literal needs an IP entry; anything else is a DNS name
        names[i] =
            hosts[i].matches("[0-9.]+|.*:.*")
                ? new GeneralName(GeneralName.iPAddress, hosts[i])
                : new GeneralName(GeneralName.dNSName, hosts[i]);
      }
      X509Certificate certificate =
          sign(
              this.name,
              keys.getPrivate(),
              new X500Name("CN=" + name),
              leaf,
              false,
              purposes,
              names);
      Pair pair = new Pair(folder.resolve(name + ".pem"), folder.resolve(name + ".key"));
      writePem(pair.certificate(), "CERTIFICATE", encoded(certificate));
      writePem(pair.key(), "PRIVATE KEY", leaf.getPrivate().getEncoded());
      return pair;
    }
  }

  private static X509Certificate sign(
      X500Name issuer,
      PrivateKey issuerKey,
      X500Name subject,
      KeyPair keys,
      boolean ca,
      KeyPurposeId[] purposes,
      GeneralName[] hosts) {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(SERIALS.incrementAndGet()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      if (purposes.length > 0) {
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      }
      if (hosts.length > 0) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(hosts));
      }
      String algorithm =
          issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  private static KeyPair keyPair(String algorithm) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      generator.initialize(algorithm.equals("EC") ? 256 : 2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code der} as one PEM block, 64 Base64 characters a line. */
  static void writePem(Path file, String label, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    String pem = "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    try {
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
