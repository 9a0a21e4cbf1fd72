package dev.modelyard.server.serving;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.blob.BlobStore;
import dev.modelyard.core.modelpackage.InspectedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Puts a model version's artifact on local disk for a runtime to load: under {@code
 * <root>/<digest>/}, the single model file under its own name, or a package's files extracted.
 * Content-addressed and written to a temporary folder first, then renamed into place, so a folder
 * that exists is complete and can be shared by every deployment of the same bytes.
 */
public final class ModelMaterializer {
    private final BlobStore blobs;
    private final Path root;

    public ModelMaterializer(BlobStore blobs, Path root) {
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.root = requireNonNull(root, "root is null");
    }

    /** The local folder holding the artifact's files, created when missing. */
    public Path materialize(String digest, String format, String fileName) {
        Path target = root.resolve(digest);
        if (Files.isDirectory(target)) {
            return target;
        }
        Path temporary = root.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(temporary);
            if (InspectedModel.FORMAT_PACKAGE.equals(format)) {
                extract(digest, temporary);
            } else {
                try (InputStream in = blobs.open(digest)) {
                    Files.copy(in, temporary.resolve(safeFileName(fileName, digest)));
                }
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileSystemException raced) {
                // another load of the same model won the rename (Linux reports a non-empty target as a plain
                // FileSystemException); its folder is complete, so use it
                if (!Files.isDirectory(target)) {
                    throw raced;
                }
                deleteRecursively(temporary);
            }
            return target;
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("could not prepare model " + digest + " on local disk", e);
        }
    }

    /** The single model file's name inside the folder. */
    public static String safeFileName(String fileName, String digest) {
        String name = fileName == null ? "" : Path.of(fileName).getFileName().toString();
        return name.isBlank() || name.startsWith(".") ? digest : name;
    }

    private void extract(String digest, Path directory) throws IOException {
        Path staged = blobs.newStagingFile();
        try {
            try (InputStream in = blobs.open(digest)) {
                Files.copy(in, staged, StandardCopyOption.REPLACE_EXISTING);
            }
            try (SeekableByteChannel channel = Files.newByteChannel(staged);
                    ZipFile zip =
                            ZipFile.builder().setSeekableByteChannel(channel).get()) {
                Enumeration<ZipArchiveEntry> entries = zip.getEntries();
                while (entries.hasMoreElements()) {
                    ZipArchiveEntry entry = entries.nextElement();
                    Path destination = directory.resolve(entry.getName()).normalize();
                    if (!destination.startsWith(directory) || entry.isUnixSymlink()) {
                        throw new IOException("package entry " + entry.getName() + " escapes its folder");
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(destination);
                        continue;
                    }
                    Files.createDirectories(destination.getParent());
                    try (InputStream in = zip.getInputStream(entry);
                            OutputStream out = Files.newOutputStream(destination)) {
                        in.transferTo(out);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            deleteRecursively(directory);
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless and has a unique name
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
