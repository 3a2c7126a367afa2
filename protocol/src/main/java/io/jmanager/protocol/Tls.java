package io.jmanager.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What both ends of a TLS connection share: the TLS versions they enable, and PEM files read into
 * certificates and keys with the JDK alone. A key must be an unencrypted PKCS#8 RSA or EC key
 * ({@code -----BEGIN PRIVATE KEY-----}); a key in another form is refused with the openssl command
 * that converts it. Every problem with a file is an {@link IllegalArgumentException} naming it.
 */
public final class Tls {
  /** The TLS versions both sides enable; older ones are refused. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private static final String KEY_LABEL = "PRIVATE KEY";

  private Tls() {}

  /** A private key and the certificate chain it belongs to, its own certificate first. */
  public record Identity(PrivateKey key, List<X509Certificate> chain) {
    /** The chain as an array, as the JDK and Netty take it. */
    public X509Certificate[] chainArray() {
      return chain.toArray(new X509Certificate[0]);
    }
  }

  /**
   * Reads every certificate of a PEM file; {@code what} names the file in errors, such as "TLS CA
   * file".
   */
  public static List<X509Certificate> certificates(Path file, String what) {
    byte[] bytes = read(file, what);
    if (!new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(
          what + " " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    try {
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        certificates.add((X509Certificate) certificate);
      }
      return List.copyOf(certificates);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          what + " " + file + " holds a certificate that cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a certificate chain and its private key, and checks that the key belongs to the chain's
   * first certificate.
   */
  public static Identity identity(Path certificateFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certificateFile, "TLS certificate file");
    PrivateKey key = privateKey(keyFile);
    if (!signs(key, chain.get(0))) {
      throw new IllegalArgumentException(
          "the private key in "
              + keyFile
              + " does not belong to the first certificate in "
              + certificateFile);
    }
    return new Identity(key, chain);
  }

  private static PrivateKey privateKey(Path file) {
    String text = new String(read(file, "TLS key file"), StandardCharsets.US_ASCII);
    byte[] der = pemBlock(text, KEY_LABEL);
    if (der == null) {
      throw new IllegalArgumentException(
          "TLS key file "
              + file
              + " holds no PKCS#8 key (-----BEGIN PRIVATE KEY-----)"
              + hint(text));
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException otherAlgorithm) {
        // try the next kind of key
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JVM cannot read " + algorithm + " keys", e);
      }
    }
    throw new IllegalArgumentException(
        "TLS key file " + file + " holds neither an RSA nor an EC key");
  }

  /** Why a file without a PKCS#8 key may still hold one, and how to convert it. */
  private static String hint(String text) {
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      return "; it holds an encrypted key: decrypt it with openssl pkcs8 -in KEY -out KEY.pem";
    }
    if (text.contains("-----BEGIN RSA PRIVATE KEY-----")
        || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
      return "; it holds a key in OpenSSL's traditional form: convert it with"
          + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem";
    }
    return "";
  }

  /** The bytes of the first PEM block with this label, or null when there is none. */
  private static byte[] pemBlock(String text, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int start = text.indexOf(begin);
    int stop = start < 0 ? -1 : text.indexOf(end, start);
    if (stop < 0) {
      return null;
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), stop));
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  /** Whether {@code key} makes signatures that {@code certificate}'s public key verifies. */
  private static boolean signs(PrivateKey key, X509Certificate certificate) {
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] probe = "jmanager key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException otherKind) {
      // an RSA key and an EC certificate, or the reverse
      return false;
    }
  }

  private static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("cannot read " + what + " " + file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(
          "cannot read " + what + " " + file + ": permission denied", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e, e);
    }
  }
}
