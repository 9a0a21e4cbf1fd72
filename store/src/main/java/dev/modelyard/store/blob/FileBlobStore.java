package dev.modelyard.store.blob;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blobs as files under a root directory: {@code <root>/sha256/ab/cd/<64 hex digits>}, uploads
 * staged in {@code <root>/staging} (the same file system, so a commit is an atomic rename).
 */
public final class FileBlobStore implements BlobStore {
    private static final Logger log = LoggerFactory.getLogger(FileBlobStore.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final String STAGING_DIRECTORY = "staging";
    private static final String BLOB_DIRECTORY = "sha256";

    private final Path root;
    private final Path staging;
    private final Path blobs;

    private FileBlobStore(Path root) {
        this.root = root;
        this.staging = root.resolve(STAGING_DIRECTORY);
        this.blobs = root.resolve(BLOB_DIRECTORY);
    }

    /** Opens (creating when missing) the blob store under {@code root}, for example {@code <data-dir>/blobs}. */
    public static FileBlobStore open(Path root) throws IOException {
        requireNonNull(root, "root is null");
        FileBlobStore store = new FileBlobStore(root.toAbsolutePath());
        Files.createDirectories(store.staging);
        Files.createDirectories(store.blobs);
        return store;
    }

    public Path root() {
        return root;
    }

    @Override
    public Path newStagingFile() throws IOException {
        return Files.createTempFile(staging, "upload-", ".part");
    }

    @Override
    public void commit(Path stagedFile, String sha256) throws IOException {
        requireNonNull(stagedFile, "stagedFile is null");
        Path target = blobPath(sha256);
        if (Files.exists(target)) {
            Files.delete(stagedFile);
            return;
        }
        try (FileChannel channel = FileChannel.open(stagedFile, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        createDirectoriesDurably(target.getParent());
        try {
            Files.move(stagedFile, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // a concurrent commit of the same content won: the stored copy is kept
            Files.deleteIfExists(stagedFile);
            return;
        }
        syncDirectory(target.getParent());
    }

    @Override
    public boolean exists(String sha256) {
        return Files.isRegularFile(blobPath(sha256));
    }

    @Override
    public long size(String sha256) throws IOException {
        return Files.size(blobPath(sha256));
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(blobPath(sha256));
    }

    @Override
    public Optional<Path> localFile(String sha256) {
        Path path = blobPath(sha256);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public int deleteAbandonedStagingFiles() throws IOException {
        List<Path> abandoned = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
            entries.forEach(abandoned::add);
        }
        int deleted = 0;
        for (Path entry : abandoned) {
            deleteRecursively(entry);
            deleted++;
        }
        if (deleted > 0) {
            log.info("deleted {} abandoned upload staging files in {}", deleted, staging);
        }
        return deleted;
    }

    /** Where the blob lives; throws {@link IllegalArgumentException} unless {@code sha256} is 64 lowercase hex digits. */
    Path blobPath(String sha256) {
        requireNonNull(sha256, "sha256 is null");
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException(
                    "'" + abbreviate(sha256) + "' is not a SHA-256 digest: expected 64" + " lowercase hex digits");
        }
        return blobs.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    /** Creates missing directories, syncing each new one's parent so the new entry survives a crash. */
    private static void createDirectoriesDurably(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        createDirectoriesDurably(directory.getParent());
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            return; // created concurrently
        }
        syncDirectory(directory.getParent());
    }

    /** Flushes a directory's entries to disk where the platform allows opening a directory. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not possible on every platform (Windows); the file itself is already synced
            log.debug("cannot sync directory {}: {}", directory, e.toString());
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    deleteRecursively(entry);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
