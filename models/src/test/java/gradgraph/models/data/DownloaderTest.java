package gradgraph.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a loopback server; nothing here touches the network. */
class DownloaderTest {
  @TempDir Path tmp;
  HttpServer server;
  Path served;
  final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    served = tmp.resolve("served");
    FashionMnistTest.copySample(served);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/good/",
        ex -> {
          requests.incrementAndGet();
          Path f = served.resolve(Path.of(ex.getRequestURI().getPath()).getFileName().toString());
          if (!Files.isRegularFile(f)) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
          }
          byte[] body = Files.readAllBytes(f);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    server.createContext(
        "/missing/",
        ex -> {
          requests.incrementAndGet();
          ex.sendResponseHeaders(404, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI base(String ctx) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + ctx + "/");
  }

  Map<String, String> hashes() throws IOException {
    Map<String, String> h = new HashMap<>();
    for (String f : IdxDatasetSpec.FILES) {
      h.put(f, Downloader.sha256(served.resolve(f)));
    }
    return h;
  }

  static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void downloadsVerifiesAndLoadsFallingBackToTheNextMirror() throws IOException {
    IdxDatasetSpec spec =
        FashionMnist.SPEC
            .withSystemDirs(List.of())
            .withMirrors(List.of(base("missing"), base("good")))
            .withSha256(hashes());
    Path cache = tmp.resolve("cache");
    IdxDatasets.TrainTest t =
        IdxDatasets.load(spec, DataOptions.defaults().withCacheRoot(cache).withProgress(null));
    assertEquals(2000, t.train().size());
    assertEquals(cache.resolve("fashion-mnist").toString(), t.source());
    assertEquals(4, list(cache.resolve("fashion-mnist")).size(), "only the four files");
    assertEquals(8, requests.get(), "each file: one 404, one download");
    // a second load finds the cache and downloads nothing
    IdxDatasets.load(spec, DataOptions.defaults().withCacheRoot(cache).withProgress(null));
    assertEquals(8, requests.get());
  }

  @Test
  void wrongHashLeavesNothingBehind() throws IOException {
    Map<String, String> h = hashes();
    h.put(IdxDatasetSpec.TRAIN_IMAGES, "00".repeat(32));
    IdxDatasetSpec spec =
        FashionMnist.SPEC
            .withSystemDirs(List.of())
            .withMirrors(List.of(base("good")))
            .withSha256(h);
    Path cache = tmp.resolve("cache");
    DataNotFoundException e =
        assertThrows(
            DataNotFoundException.class,
            () ->
                IdxDatasets.load(
                    spec, DataOptions.defaults().withCacheRoot(cache).withProgress(null)));
    assertTrue(
        e.getMessage()
            .contains(
                "SHA-256 is " + Downloader.sha256(served.resolve(IdxDatasetSpec.TRAIN_IMAGES))),
        e.getMessage());
    assertTrue(e.getMessage().contains("expected " + "00".repeat(32)), e.getMessage());
    assertTrue(list(cache.resolve("fashion-mnist")).isEmpty(), "no file and no .part left");
  }

  @Test
  void fileUrlsWorkAndUnreachableMirrorsAreReported() throws IOException {
    Downloader d = new Downloader(null);
    Path out = tmp.resolve("out");
    Path got =
        d.download(
            List.of(served.toUri()),
            IdxDatasetSpec.TEST_LABELS,
            Downloader.sha256(served.resolve(IdxDatasetSpec.TEST_LABELS)),
            out);
    assertEquals(
        Files.readString(
            served.resolve(IdxDatasetSpec.TEST_LABELS),
            java.nio.charset.StandardCharsets.ISO_8859_1),
        Files.readString(got, java.nio.charset.StandardCharsets.ISO_8859_1));
    int port = server.getAddress().getPort();
    server.stop(0);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                d.download(
                    List.of(URI.create("http://127.0.0.1:" + port + "/good/")),
                    IdxDatasetSpec.TRAIN_LABELS,
                    "00",
                    out));
    assertTrue(
        e.getMessage().contains("could not download train-labels-idx1-ubyte.gz"), e.getMessage());
    assertEquals(1, list(out).size(), "the failed download left nothing");
  }
}
