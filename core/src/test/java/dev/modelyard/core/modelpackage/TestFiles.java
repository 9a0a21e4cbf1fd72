package dev.modelyard.core.modelpackage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Fixtures and zip building for tests. */
final class TestFiles {

    private TestFiles() {}

    static Path fixture(String name) {
        try {
            return Path.of(TestFiles.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    static byte[] fixtureBytes(String name) {
        try {
            return Files.readAllBytes(fixture(name));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    static Path write(Path folder, String name, byte[] content) {
        try {
            return Files.write(folder.resolve(name), content);
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }

    static Path write(Path folder, String name, String content) {
        return write(folder, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes to a stream. */
    @FunctionalInterface
    interface IoConsumer<T> {
        void accept(T value) throws IOException;
    }

    static void writeZeros(OutputStream output, long size) throws IOException {
        byte[] chunk = new byte[1024 * 1024];
        for (long written = 0; written < size; written += chunk.length) {
            output.write(chunk, 0, (int) Math.min(chunk.length, size - written));
        }
    }

    /** Builds zips entry by entry. */
    static final class ZipBuilder {
        private final List<Consumer<ZipArchiveOutputStream>> writes = new ArrayList<>();

        ZipBuilder file(String name, byte[] content) {
            writes.add(zip -> {
                try {
                    zip.putArchiveEntry(new ZipArchiveEntry(name));
                    zip.write(content);
                    zip.closeArchiveEntry();
                } catch (IOException unwritable) {
                    throw new UncheckedIOException(unwritable);
                }
            });
            return this;
        }

        ZipBuilder file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8));
        }

        ZipBuilder entry(ZipArchiveEntry entry, byte[] content) {
            writes.add(zip -> {
                try {
                    zip.putArchiveEntry(entry);
                    zip.write(content);
                    zip.closeArchiveEntry();
                } catch (IOException unwritable) {
                    throw new UncheckedIOException(unwritable);
                }
            });
            return this;
        }

        /** An entry of this many zero bytes, streamed so that the test never holds them. */
        ZipBuilder zeros(String name, long size) {
            return streamed(name, output -> writeZeros(output, size));
        }

        /** An entry whose content is written to a stream. */
        ZipBuilder streamed(String name, IoConsumer<OutputStream> content) {
            writes.add(zip -> {
                try {
                    zip.putArchiveEntry(new ZipArchiveEntry(name));
                    content.accept(zip);
                    zip.closeArchiveEntry();
                } catch (IOException unwritable) {
                    throw new UncheckedIOException(unwritable);
                }
            });
            return this;
        }

        byte[] toByteArray() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
                writes.forEach(write -> write.accept(zip));
            } catch (IOException unwritable) {
                throw new UncheckedIOException(unwritable);
            }
            return bytes.toByteArray();
        }

        Path writeTo(Path folder, String name) {
            return write(folder, name, toByteArray());
        }
    }
}
