package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * A zip model package, opened from its central directory with every entry checked (safe relative paths, no links, no
 * encryption, readable compression, no duplicates, not too many), read entry by entry through {@link
 * GuardedEntryInputStream}s that share one {@link ExtractionBudget}. Nothing is extracted to disk.
 */
final class PackageArchive implements Closeable {

    private static final Set<Integer> READABLE_METHODS = Set.of(
            ZipMethod.STORED.getCode(),
            ZipMethod.DEFLATED.getCode(),
            ZipMethod.ENHANCED_DEFLATED.getCode(),
            ZipMethod.BZIP2.getCode());

    /** What an entry reader makes of the entry's bytes. */
    @FunctionalInterface
    interface EntryReader<T> {
        T read(InputStream input) throws IOException;
    }

    private final ZipFile zipFile;
    private final ExtractionBudget budget;
    private final Map<String, ZipArchiveEntry> files;
    private final Set<String> readFiles = new HashSet<>();

    private PackageArchive(ZipFile zipFile, ExtractionBudget budget, Map<String, ZipArchiveEntry> files) {
        this.zipFile = zipFile;
        this.budget = budget;
        this.files = files;
    }

    /**
     * Opens and checks a zip package.
     *
     * @throws ModelyardException {@link ErrorCode#INVALID_PACKAGE} for an unreadable zip or a refused entry
     */
    static PackageArchive open(Path file, PackageLimits limits) {
        requireNonNull(file, "file is null");
        requireNonNull(limits, "limits is null");
        ZipFile zipFile;
        try {
            zipFile = ZipFile.builder()
                    .setPath(file)
                    .setUseUnicodeExtraFields(true)
                    .get();
        } catch (IOException | RuntimeException unreadable) {
            throw new ModelyardException(
                    ErrorCode.INVALID_PACKAGE,
                    "the upload starts like a zip archive but cannot be read as one (" + describe(unreadable)
                            + "); re-create it with a standard zip tool",
                    Map.of(),
                    unreadable);
        }
        try {
            return new PackageArchive(zipFile, new ExtractionBudget(limits), checkEntries(zipFile, limits));
        } catch (RuntimeException refused) {
            ZipFile.closeQuietly(zipFile);
            throw refused;
        }
    }

    private static Map<String, ZipArchiveEntry> checkEntries(ZipFile zipFile, PackageLimits limits) {
        Map<String, ZipArchiveEntry> files = new LinkedHashMap<>();
        Set<String> directories = new HashSet<>();
        Set<String> names = new HashSet<>();
        int entryCount = 0;
        Enumeration<ZipArchiveEntry> entries = zipFile.getEntries();
        while (entries.hasMoreElements()) {
            ZipArchiveEntry entry = entries.nextElement();
            entryCount++;
            if (entryCount > limits.maxEntries()) {
                throw new ModelyardException(
                        ErrorCode.INVALID_PACKAGE,
                        "the package holds more than " + limits.maxEntries()
                                + " entries; put fewer files in it (for example, archive data folders separately)",
                        Map.of("limit_entries", limits.maxEntries()));
            }
            String rawName = entry.getName();
            String name = PackagePaths.normalizeEntryName(rawName);
            if (entry.isUnixSymlink()) {
                throw refused(rawName, "is a symbolic link; put the file itself in the package");
            }
            if (entry.getGeneralPurposeBit().usesEncryption()
                    || entry.getGeneralPurposeBit().usesStrongEncryption()) {
                throw refused(rawName, "is encrypted; upload a zip without a password");
            }
            if (!names.add(name)) {
                throw refused(rawName, "appears more than once; every path in a package must be unique");
            }
            if (entry.isDirectory()) {
                directories.add(name);
                continue;
            }
            if (!READABLE_METHODS.contains(entry.getMethod())) {
                ZipMethod method = ZipMethod.getMethodByCode(entry.getMethod());
                String methodName = method == null ? "number " + entry.getMethod() : method.name();
                throw refused(
                        rawName,
                        "uses the compression method " + methodName
                                + ", which Modelyard cannot read; re-create the zip with the standard deflate method"
                                + " (or no compression)");
            }
            files.put(name, entry);
        }
        for (String name : files.keySet()) {
            for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
                String parent = name.substring(0, slash);
                if (files.containsKey(parent)) {
                    throw refused(name, "sits below '" + parent + "', which is a file, not a folder");
                }
            }
        }
        return Collections.unmodifiableMap(files);
    }

    /** The normalized paths of the files (not folders), in central directory order. */
    List<String> filePaths() {
        return List.copyOf(files.keySet());
    }

    boolean containsFile(String path) {
        return files.containsKey(path);
    }

    Optional<Long> declaredSize(String path) {
        ZipArchiveEntry entry = files.get(path);
        return entry == null || entry.getSize() < 0 ? Optional.empty() : Optional.of(entry.getSize());
    }

    long uncompressedBytes() {
        return budget.uncompressedBytes();
    }

    /**
     * Streams one file to a reader, then reads the rest of it and checks its checksum. Limit violations win over
     * any error the reader makes of the aborted stream.
     */
    <T> T read(String path, EntryReader<T> reader) {
        ZipArchiveEntry entry = requireNonNull(files.get(path), () -> "no file " + path);
        readFiles.add(path);
        try (GuardedEntryInputStream input =
                new GuardedEntryInputStream(zipFile.getInputStream(entry), entry.getCompressedSize(), path, budget)) {
            T result = reader.read(new FilterInputStream(input) {
                @Override
                public void close() {
                    // readers (such as JSON parsers) close their input; the entry is still drained afterwards
                }
            });
            input.drain();
            if (entry.getCrc() >= 0 && input.checksum() != entry.getCrc()) {
                throw refused(path, "is corrupt: its content does not match its checksum; re-create the zip");
            }
            if (entry.getSize() >= 0 && input.entryBytes() != entry.getSize()) {
                throw refused(
                        path,
                        "is corrupt: it holds " + input.entryBytes() + " bytes, not the " + entry.getSize()
                                + " its header declares; re-create the zip");
            }
            return result;
        } catch (ModelyardException error) {
            throw budget.violation() != null ? budget.violation() : error;
        } catch (IOException | RuntimeException unreadable) {
            if (budget.violation() != null) {
                throw budget.violation();
            }
            throw new ModelyardException(
                    ErrorCode.INVALID_PACKAGE,
                    "the package entry '" + path + "' cannot be read (" + describe(unreadable)
                            + "); re-create the zip with a standard zip tool",
                    Map.of("entry", path),
                    unreadable);
        }
    }

    /** Reads every file not read yet, so that the whole package is checked against the limits and checksums. */
    void readRemainingFiles() {
        for (String path : new ArrayList<>(files.keySet())) {
            if (!readFiles.contains(path)) {
                read(path, input -> null);
            }
        }
    }

    @Override
    public void close() throws IOException {
        zipFile.close();
    }

    private static ModelyardException refused(String entryName, String problem) {
        return new ModelyardException(
                ErrorCode.INVALID_PACKAGE,
                "the package entry '" + entryName + "' " + problem,
                Map.of("entry", entryName));
    }

    private static String describe(Exception exception) {
        String message = exception.getMessage();
        return message == null || message.isBlank() ? "unreadable data" : message.strip();
    }
}
