package dev.modelyard.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
    @TempDir
    Path dataDir;

    private FileBlobStore blobs;

    @BeforeEach
    void openStore() throws IOException {
        blobs = FileBlobStore.open(dataDir.resolve("blobs"));
    }

    @Test
    void committedBlobIsReadableByItsDigest() throws IOException {
        byte[] content = "model bytes".getBytes(StandardCharsets.UTF_8);
        String digest = sha256(content);

        Path staged = stage(content);
        blobs.commit(staged, digest);

        assertThat(staged).doesNotExist();
        assertThat(blobs.exists(digest)).isTrue();
        assertThat(blobs.size(digest)).isEqualTo(content.length);
        try (InputStream in = blobs.open(digest)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(dataDir.resolve("blobs/sha256")
                        .resolve(digest.substring(0, 2))
                        .resolve(digest.substring(2, 4))
                        .resolve(digest))
                .hasBinaryContent(content);
    }

    @Test
    void identicalContentIsStoredOnce() throws IOException {
        byte[] content = "same artifact".getBytes(StandardCharsets.UTF_8);
        String digest = sha256(content);
        blobs.commit(stage(content), digest);

        Path secondUpload = stage(content);
        blobs.commit(secondUpload, digest);

        assertThat(secondUpload).doesNotExist();
        assertThat(filesUnder(dataDir.resolve("blobs/sha256"))).isEqualTo(1);
        assertThat(filesUnder(dataDir.resolve("blobs/staging"))).isZero();
        assertThat(blobs.size(digest)).isEqualTo(content.length);
    }

    @Test
    void missingBlobIsReportedAsNoSuchFile() {
        String digest = sha256("never uploaded".getBytes(StandardCharsets.UTF_8));

        assertThat(blobs.exists(digest)).isFalse();
        assertThatThrownBy(() -> blobs.size(digest)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> blobs.open(digest)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void stagingFilesAreUniqueAndLiveBesideTheBlobs() throws IOException {
        Path first = blobs.newStagingFile();
        Path second = blobs.newStagingFile();

        assertThat(first).isNotEqualTo(second).isEmptyFile();
        assertThat(first.getParent()).isEqualTo(dataDir.resolve("blobs/staging").toAbsolutePath());
    }

    @Test
    void abandonedStagingFilesAreDeleted() throws IOException {
        byte[] content = "kept".getBytes(StandardCharsets.UTF_8);
        String digest = sha256(content);
        blobs.commit(stage(content), digest);
        stage("half an upload".getBytes(StandardCharsets.UTF_8));
        blobs.newStagingFile();

        assertThat(blobs.deleteAbandonedStagingFiles()).isEqualTo(2);

        assertThat(filesUnder(dataDir.resolve("blobs/staging"))).isZero();
        assertThat(blobs.exists(digest)).isTrue();
        assertThat(blobs.deleteAbandonedStagingFiles()).isZero();
    }

    @Test
    void malformedDigestsAreRejected() throws IOException {
        Path staged = stage("x".getBytes(StandardCharsets.UTF_8));
        String upperCase = sha256("x".getBytes(StandardCharsets.UTF_8)).toUpperCase();

        for (String digest : new String[] {"", "abc", upperCase, "../".repeat(21) + "a", "g".repeat(64)}) {
            assertThatThrownBy(() -> blobs.commit(staged, digest))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SHA-256");
            assertThatThrownBy(() -> blobs.exists(digest)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(staged).exists();
    }

    @Test
    void reopeningKeepsTheBlobs() throws IOException {
        byte[] content = "durable".getBytes(StandardCharsets.UTF_8);
        String digest = sha256(content);
        blobs.commit(stage(content), digest);

        FileBlobStore reopened = FileBlobStore.open(dataDir.resolve("blobs"));

        assertThat(reopened.exists(digest)).isTrue();
    }

    private Path stage(byte[] content) throws IOException {
        Path staged = blobs.newStagingFile();
        Files.write(staged, content);
        return staged;
    }

    private static long filesUnder(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).count();
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
