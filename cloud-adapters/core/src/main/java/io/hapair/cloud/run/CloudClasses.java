package io.hapair.cloud.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The class loader of the cloud SDKs (Azure, AWS) and of the code that calls them: the adapters and the
 * Azure blob witness. The release jar carries them in a nested jar, {@value #NESTED}, rather than at its
 * top level, because the JDK keeps the central directory of every jar on the class path in the heap for
 * as long as the process runs: about 3 MB for these SDKs' 25,700 entries, which a node uses only for the
 * balancer self-check and the blob witness. The nested jar is opened the first time something asks for
 * it, so a node that uses neither never pays for it.
 *
 * <p>Where the class path has no nested jar (a development build, unit tests), the SDKs are on the class
 * path itself and the loader is the class path's own.
 */
public final class CloudClasses {

    /** Where the release jar keeps the nested jar, as a class path resource. */
    public static final String NESTED = "cloud/hanode-cloud.jar";

    private static final String PREFIX = "hanode-cloud-";
    private static final Pattern UNPACKED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,18})-.*");

    private static ClassLoader loader;

    private CloudClasses() {
    }

    /** The loader to find cloud providers and the SDKs through; the same one for the life of the JVM. */
    public static synchronized ClassLoader loader() {
        if (loader == null) {
            ClassLoader own = CloudClasses.class.getClassLoader();
            URL nested = own.getResource(NESTED);
            loader = nested == null ? own : unpack(nested, Path.of(System.getProperty("java.io.tmpdir")), own);
        }
        return loader;
    }

    /**
     * Copies the nested jar into a new directory of this process's own under {@code tmpdir} (owner-only,
     * removed at exit) and opens it with {@code parent} above it. The file stays while the process runs:
     * the loader reopens it by path for resources and service files. Directories that processes killed
     * before they could remove theirs left behind are removed first.
     */
    static ClassLoader unpack(URL nested, Path tmpdir, ClassLoader parent) {
        try {
            sweep(tmpdir);
            Path dir = Files.createTempDirectory(tmpdir, PREFIX + ProcessHandle.current().pid() + "-");
            dir.toFile().deleteOnExit();
            Path jar = dir.resolve("hanode-cloud.jar");
            // Registered after its directory, so that it is deleted first: deleteOnExit runs in reverse order.
            jar.toFile().deleteOnExit();
            try (InputStream in = nested.openStream()) {
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            return new URLClassLoader("hanode-cloud", new URL[] {jar.toUri().toURL()}, parent);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the cloud SDKs (" + NESTED + ") into java.io.tmpdir "
                    + tmpdir + ": " + e + "; make that directory writable for this user, or start java with"
                    + " -Djava.io.tmpdir=DIR naming one that is", e);
        }
    }

    /** Removes the directories of processes that are no longer running; keeps those of running ones. */
    static void sweep(Path tmpdir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmpdir, PREFIX + "*")) {
            for (Path entry : entries) {
                Matcher m = UNPACKED.matcher(entry.getFileName().toString());
                if (m.matches() && Files.isDirectory(entry) && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    try {
                        deleteTree(entry);
                    } catch (IOException e) {
                        // Another user's, or taken by another node sweeping at the same moment: not ours to mind.
                    }
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
