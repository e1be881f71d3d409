package gradgraph.models.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Downloads one file from a list of mirrors, verifies its SHA-256 and puts it in place atomically.
 *
 * <p>The bytes go to a temporary file in the target directory while their hash is computed; only
 * when the hash matches is the file renamed to its final name, so an interrupted download or a
 * wrong file never leaves anything under the final name. A mirror that fails (unreachable, an HTTP
 * error, a wrong hash) is reported and the next one is tried. {@code http}, {@code https} and
 * {@code file} URLs are supported. On a terminal a progress bar shows the transfer.
 */
public final class Downloader {
  private final PrintStream progress;
  private final HttpClient http;

  /**
   * Creates a downloader.
   *
   * @param progress where to report (a progress bar when a console is attached); null for silence
   */
  public Downloader(PrintStream progress) {
    this.progress = progress;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(15))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * Downloads {@code fileName} from the first mirror that serves it with the expected hash.
   *
   * @param mirrors base URLs ending in {@code /}, tried in order
   * @param fileName the file's name, appended to each mirror and used as the target's name
   * @param sha256 the expected lowercase hex SHA-256
   * @param targetDir the directory to put the file in (created if needed)
   * @return the downloaded file
   * @throws IOException listing every mirror's failure when none succeeded
   */
  public Path download(List<URI> mirrors, String fileName, String sha256, Path targetDir)
      throws IOException {
    Files.createDirectories(targetDir);
    Path target = targetDir.resolve(fileName);
    List<String> failures = new ArrayList<>();
    for (URI mirror : mirrors) {
      URI url = mirror.resolve(fileName);
      Path tmp = Files.createTempFile(targetDir, "." + fileName + ".", ".part");
      try {
        String got = fetch(url, tmp, fileName);
        if (!got.equalsIgnoreCase(sha256)) {
          failures.add(url + ": SHA-256 is " + got + ", expected " + sha256);
          continue;
        }
        moveAtomically(tmp, target);
        return target;
      } catch (IOException e) {
        failures.add(url + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("download of " + fileName + " interrupted", e);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    throw new IOException(
        "could not download "
            + fileName
            + (mirrors.isEmpty() ? ": no mirrors" : ":\n  " + String.join("\n  ", failures)));
  }

  /** Copies the URL's content to {@code out}, returning its SHA-256 in hex. */
  private String fetch(URI url, Path out, String label) throws IOException, InterruptedException {
    MessageDigest md = sha256();
    long total;
    InputStream in;
    if ("file".equalsIgnoreCase(url.getScheme())) {
      Path p = Path.of(url);
      total = Files.size(p);
      in = Files.newInputStream(p);
    } else {
      HttpRequest req =
          HttpRequest.newBuilder(url)
              .timeout(Duration.ofMinutes(10))
              // plain http: no h2c upgrade dance (servers and proxies often mishandle it)
              .version(
                  "http".equalsIgnoreCase(url.getScheme())
                      ? HttpClient.Version.HTTP_1_1
                      : HttpClient.Version.HTTP_2)
              .GET()
              .build();
      HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      if (resp.statusCode() != 200) {
        resp.body().close();
        throw new IOException("HTTP " + resp.statusCode());
      }
      total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
      in = resp.body();
    }
    ProgressBar bar = null;
    if (progress != null && System.console() != null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(label)
              .setInitialMax(total)
              .setUnit("MB", 1 << 20)
              .showSpeed()
              .setConsumer(new ConsoleProgressBarConsumer(progress))
              .build();
    } else if (progress != null) {
      progress.println("downloading " + url + (total >= 0 ? " (" + total + " bytes)" : ""));
    }
    try (in;
        OutputStream o = Files.newOutputStream(out)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
        o.write(buf, 0, n);
        if (bar != null) {
          bar.stepBy(n);
        }
      }
    } finally {
      if (bar != null) {
        bar.close();
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * Computes a file's SHA-256.
   *
   * @param file the file
   * @return the lowercase hex digest
   * @throws IOException if the file cannot be read
   */
  public static String sha256(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Renames a file over another atomically (falling back to a plain replace where the file system
   * cannot rename atomically).
   *
   * @param from the source, in the same directory as {@code to}
   * @param to the destination, replaced if present
   * @throws IOException if the rename fails
   */
  static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
