package gradgraph.viz;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The native library of the bundled engine (J2V8), unpacked once into a cache directory and loaded
 * from there.
 *
 * <p>Left to itself, J2V8 deletes and rewrites its 19 MB library into the home directory every time
 * a JVM starts the engine, and HotSpot then warns that the library "might have disabled stack
 * guard", because the library's ELF header asks for an executable stack (J2V8 fixed its build
 * scripts after 4.6.0, eclipsesource/J2V8#206, but graphviz-java needs 4.6.0). Here the library is
 * copied once into {@link #cacheDir()}, in a folder named by the checksum of the jar's copy (so a
 * new J2V8 gets a new folder), with the stack flag cleared as {@code execstack -c} does, and loaded
 * by this class; J2V8 is then told that its library is loaded.
 */
final class BundledLibrary {
  /** The system property that replaces the cache directory. */
  static final String CACHE_DIR_PROPERTY = "gradgraph.cache.dir";

  /** ELF program header type of the entry that says whether the stack must be executable. */
  private static final int PT_GNU_STACK = 0x6474e551;

  /** The executable bit of an ELF program header's flags. */
  private static final int PF_X = 1;

  /** The file loaded in this JVM, once {@link #load} succeeded. */
  private static Path loaded;

  private BundledLibrary() {}

  /**
   * The directory Gradgraph caches files in: the system property {@value #CACHE_DIR_PROPERTY}, else
   * {@code $XDG_CACHE_HOME/gradgraph}, else {@code ~/.cache/gradgraph}.
   */
  static Path cacheDir() {
    String override = System.getProperty(CACHE_DIR_PROPERTY);
    if (override != null && !override.isBlank()) {
      return Path.of(override).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "gradgraph");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "gradgraph");
  }

  /**
   * Unpacks the library (unless the cache already holds it) and loads it, once per JVM.
   *
   * @param resource the library's name on the class path, e.g. {@code libj2v8_linux_x86_64.so}
   * @return the directory to hand J2V8 as its extraction path
   * @throws IOException if neither the cache nor a folder in the temporary directory can be written
   */
  static synchronized Path load(String resource) throws IOException {
    if (loaded != null) {
      return loaded.getParent();
    }
    URL url = BundledLibrary.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IOException(resource + " is not on the class path");
    }
    Path file;
    try {
      file = cached(cacheDir(), url, resource);
    } catch (IOException e) {
      // a read-only home (some containers, CI users): a per-user folder in the temporary directory
      Path tmp =
          Path.of(
              System.getProperty("java.io.tmpdir"),
              "gradgraph-cache-" + System.getProperty("user.name", "user"));
      try {
        file = cached(tmp, url, resource);
      } catch (IOException second) {
        second.addSuppressed(e);
        throw second;
      }
    }
    System.load(file.toString());
    markLoaded();
    loaded = file;
    return file.getParent();
  }

  /** The cached copy of the library, unpacked first when missing or incomplete. */
  static Path cached(Path cacheDir, URL url, String resource) throws IOException {
    long[] crcAndSize = crcAndSize(url);
    Path dir = cacheDir.resolve("j2v8").resolve(String.format(Locale.ROOT, "%08x", crcAndSize[0]));
    Path file = dir.resolve(resource);
    if (Files.isRegularFile(file) && Files.size(file) == crcAndSize[1]) {
      return file;
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + resource, ".tmp");
    try {
      try (InputStream in = url.openStream()) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      clearExecutableStack(tmp);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }

  /** The CRC-32 and size of a class-path resource: from the jar's index, else by reading it. */
  private static long[] crcAndSize(URL url) throws IOException {
    URLConnection c = url.openConnection();
    if (c instanceof JarURLConnection jar) {
      jar.setUseCaches(false);
      var entry = jar.getJarEntry();
      if (entry != null && entry.getCrc() >= 0 && entry.getSize() >= 0) {
        return new long[] {entry.getCrc(), entry.getSize()};
      }
    }
    CRC32 crc = new CRC32();
    long size = 0;
    try (InputStream in = url.openStream()) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; size += n) {
        crc.update(buf, 0, n);
      }
    }
    return new long[] {crc.getValue(), size};
  }

  /**
   * Clears the executable bit of an ELF file's {@code PT_GNU_STACK} header, as {@code execstack -c}
   * does. Files that are not ELF (macOS, Windows) are left alone.
   *
   * @return whether the bit was set and is now cleared
   */
  static boolean clearExecutableStack(Path file) throws IOException {
    return executableStack(file, true);
  }

  /** Whether an ELF file's {@code PT_GNU_STACK} header asks for an executable stack. */
  static boolean wantsExecutableStack(Path file) throws IOException {
    return executableStack(file, false);
  }

  private static boolean executableStack(Path file, boolean clear) throws IOException {
    var mode =
        clear
            ? new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
            : new StandardOpenOption[] {StandardOpenOption.READ};
    try (FileChannel ch = FileChannel.open(file, mode)) {
      ByteBuffer ident = ByteBuffer.allocate(64);
      ch.read(ident, 0);
      ident.flip();
      if (ident.limit() < 52
          || ident.get(0) != 0x7f
          || ident.get(1) != 'E'
          || ident.get(2) != 'L'
          || ident.get(3) != 'F') {
        return false;
      }
      boolean is64 = ident.get(4) == 2;
      ident.order(ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      long phoff = is64 ? ident.getLong(0x20) : Integer.toUnsignedLong(ident.getInt(0x1c));
      int phentsize = Short.toUnsignedInt(ident.getShort(is64 ? 0x36 : 0x2a));
      int phnum = Short.toUnsignedInt(ident.getShort(is64 ? 0x38 : 0x2c));
      int flagsAt = is64 ? 4 : 24; // p_flags follows p_type in ELF64, comes late in ELF32
      ByteBuffer ph = ByteBuffer.allocate(Math.max(phentsize, 32)).order(ident.order());
      for (int i = 0; i < phnum; i++) {
        long at = phoff + (long) i * phentsize;
        ph.clear();
        ch.read(ph, at);
        if (ph.getInt(0) != PT_GNU_STACK) {
          continue;
        }
        int flags = ph.getInt(flagsAt);
        if ((flags & PF_X) == 0) {
          return false;
        }
        if (clear) {
          ByteBuffer patched = ByteBuffer.allocate(4).order(ident.order());
          patched.putInt(0, flags & ~PF_X);
          ch.write(patched, at + flagsAt);
        }
        return true;
      }
      return false;
    }
  }

  /**
   * Tells J2V8 its library is loaded, so that it does not unpack its own copy. J2V8 4.6.0 keeps
   * that in a private static flag; if a later version has none, J2V8 loads the library itself (from
   * the same cache directory).
   */
  private static void markLoaded() {
    try {
      Class<?> v8 =
          Class.forName("com.eclipsesource.v8.V8", false, BundledLibrary.class.getClassLoader());
      Field f = v8.getDeclaredField("nativeLibraryLoaded");
      f.setAccessible(true);
      f.setBoolean(null, true);
    } catch (ReflectiveOperationException | RuntimeException ignored) {
      // J2V8 then extracts into the cache directory we hand it: slower, never wrong
    }
  }
}
