package dev.modelyard.core.modelpackage;

import static dev.modelyard.core.modelpackage.ModelPackageInspectorTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile zips: path tricks, links, bombs, too many entries, encryption, odd compression, corruption. */
class PackageSafetyTest {

    private static final String MANIFEST = "runtime: onnx\nmodel_file: wine.onnx\n";

    private final ModelPackageInspector inspector = new ModelPackageInspector(PackageLimits.defaults());

    @TempDir
    Path folder;

    @Test
    void refusesEntriesThatClimbOutOfThePackage() {
        Path zip = validPackage().file("../evil.sh", "rm -rf /").writeTo(folder, "a.zip");
        assertFails(
                () -> inspector.inspect(zip, "a.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'../evil.sh'",
                "climbs out of the package");

        Path hidden = validPackage().file("docs/../../evil.sh", "x").writeTo(folder, "b.zip");
        assertFails(
                () -> inspector.inspect(hidden, "b.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'docs/../../evil.sh'");
    }

    @Test
    void refusesAbsolutePathsAndBackslashes() {
        Path absolute = validPackage().file("/etc/cron.d/evil", "x").writeTo(folder, "a.zip");
        assertFails(
                () -> inspector.inspect(absolute, "a.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'/etc/cron.d/evil'",
                "absolute path");

        Path drive = validPackage().file("C:/Windows/evil.dll", "x").writeTo(folder, "b.zip");
        assertFails(
                () -> inspector.inspect(drive, "b.zip", Optional.empty()), ErrorCode.INVALID_PACKAGE, "drive letter");

        Path backslashes = validPackage().file("data/..\\..\\evil.bat", "x").writeTo(folder, "c.zip");
        assertFails(
                () -> inspector.inspect(backslashes, "c.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'data/..\\..\\evil.bat'",
                "backslashes");

        // Zips made on Windows mark their entries as FAT; their backslashes are read as separators, then checked.
        Path windowsZip = validPackage().file("..\\..\\evil.bat", "x").writeTo(folder, "d.zip");
        assertFails(
                () -> inspector.inspect(windowsZip, "d.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'../../evil.bat'",
                "climbs out");
    }

    @Test
    void refusesSymbolicLinks() {
        ZipArchiveEntry link = new ZipArchiveEntry("weights.bin");
        link.setUnixMode(0120777);
        Path zip = validPackage()
                .entry(link, "/etc/passwd".getBytes(StandardCharsets.UTF_8))
                .writeTo(folder, "a.zip");

        assertFails(
                () -> inspector.inspect(zip, "a.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'weights.bin'",
                "symbolic link");
    }

    @Test
    void refusesDuplicateEntriesAndFilesUsedAsFolders() {
        Path duplicate =
                validPackage().file("notes.txt", "a").file("./notes.txt", "b").writeTo(folder, "a.zip");
        assertFails(
                () -> inspector.inspect(duplicate, "a.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'./notes.txt'",
                "more than once");

        Path sameName =
                validPackage().file("notes.txt", "a").file("notes.txt", "b").writeTo(folder, "c.zip");
        assertFails(
                () -> inspector.inspect(sameName, "c.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'notes.txt'",
                "more than once");

        Path fileAsFolder =
                validPackage().file("data", "a").file("data/more.csv", "b").writeTo(folder, "b.zip");
        assertFails(
                () -> inspector.inspect(fileAsFolder, "b.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'data/more.csv'",
                "which is a file");
    }

    @Test
    void refusesTooManyEntries() {
        TestFiles.ZipBuilder builder = validPackage();
        for (int index = 0; index < 30; index++) {
            builder.file("data/part-" + index + ".csv", "x\n");
        }
        Path zip = builder.writeTo(folder, "a.zip");
        ModelPackageInspector strict = new ModelPackageInspector(new PackageLimits(1L << 30, 20, 100, 1 << 20));

        assertFails(
                () -> strict.inspect(zip, "a.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "more than 20 entries");
        assertThat(inspector.inspect(zip, "a.zip", Optional.empty()).properties())
                .containsEntry("package.files", "32");
    }

    @Test
    void stopsAZipBombOnceItsRatioPassesTheLimit() {
        Path zip = validPackage().zeros("data/zeros.bin", 200L * 1024 * 1024).writeTo(folder, "bomb.zip");

        assertThat(zip.toFile().length()).isLessThan(1024 * 1024);
        assertFails(
                () -> inspector.inspect(zip, "bomb.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'data/zeros.bin'",
                "expands more than 100 times",
                "zip bomb");
    }

    @Test
    void stopsAPackageThatExpandsBeyondTheTotalLimit() {
        byte[] noise = new byte[300_000];
        new Random(42).nextBytes(noise);
        Path zip = validPackage().file("data/noise.bin", noise).writeTo(folder, "big.zip");
        ModelPackageInspector strict = new ModelPackageInspector(new PackageLimits(200_000, 100, 100, 1 << 20));

        assertFails(
                () -> strict.inspect(zip, "big.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "expands to more than 200000 bytes",
                "'data/noise.bin'");
    }

    @Test
    void countsTheModelFileAgainstTheLimitsToo() {
        long weightBytes = 50L * 1024 * 1024;
        byte[] tensorHeader = new ProtobufWriter().string(8, "w").tag(9, 2).toByteArray();
        long tensorLength = tensorHeader.length + ProtobufWriter.varintSize(weightBytes) + weightBytes;
        Path zip = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", "runtime: onnx\n")
                .streamed("huge.onnx", output -> {
                    output.write(new ProtobufWriter().varint(1, 8).tag(7, 2).toByteArray());
                    ProtobufWriter.writeVarint(output, 1 + ProtobufWriter.varintSize(tensorLength) + tensorLength);
                    output.write(new ProtobufWriter().tag(5, 2).toByteArray());
                    ProtobufWriter.writeVarint(output, tensorLength);
                    output.write(tensorHeader);
                    ProtobufWriter.writeVarint(output, weightBytes);
                    TestFiles.writeZeros(output, weightBytes);
                })
                .writeTo(folder, "a.zip");

        assertFails(
                () -> inspector.inspect(zip, "a.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'huge.onnx'",
                "zip bomb");
    }

    @Test
    void refusesEncryptedEntriesAndUnknownCompression() {
        byte[] encrypted = validPackage().file("secret.txt", "x").toByteArray();
        patchCentralDirectory(encrypted, "secret.txt", 8, (byte) 0x01);
        Path encryptedZip = TestFiles.write(folder, "a.zip", encrypted);
        assertFails(
                () -> inspector.inspect(encryptedZip, "a.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'secret.txt'",
                "encrypted");

        byte[] lzma = validPackage().file("data.bin", "x").toByteArray();
        patchCentralDirectory(lzma, "data.bin", 10, (byte) 14);
        Path lzmaZip = TestFiles.write(folder, "b.zip", lzma);
        assertFails(
                () -> inspector.inspect(lzmaZip, "b.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'data.bin'",
                "compression method LZMA",
                "deflate");
    }

    @Test
    void refusesCorruptEntriesAndBrokenZips() {
        byte[] corrupt = validPackage().file("notes.txt", "hello").toByteArray();
        patchCentralDirectory(corrupt, "notes.txt", 16, (byte) 0x55);
        Path corruptZip = TestFiles.write(folder, "a.zip", corrupt);
        assertFails(
                () -> inspector.inspect(corruptZip, "a.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'notes.txt'",
                "checksum");

        byte[] whole = validPackage().toByteArray();
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        Path cutZip = TestFiles.write(folder, "b.zip", cut);
        assertFails(
                () -> inspector.inspect(cutZip, "b.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "cannot be read as one");
    }

    private static TestFiles.ZipBuilder validPackage() {
        return new TestFiles.ZipBuilder()
                .file("modelyard.yaml", MANIFEST)
                .file("wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"));
    }

    /** Overwrites one byte of the central directory header of the named entry. */
    private static void patchCentralDirectory(byte[] zip, String entryName, int offset, byte value) {
        byte[] name = entryName.getBytes(StandardCharsets.UTF_8);
        for (int index = 0; index + 46 + name.length <= zip.length; index++) {
            if (zip[index] == 'P' && zip[index + 1] == 'K' && zip[index + 2] == 1 && zip[index + 3] == 2) {
                int nameLength = (zip[index + 28] & 0xFF) | (zip[index + 29] & 0xFF) << 8;
                if (nameLength == name.length
                        && Arrays.equals(zip, index + 46, index + 46 + nameLength, name, 0, nameLength)) {
                    zip[index + offset] = (byte) (zip[index + offset] | value);
                    return;
                }
            }
        }
        throw new IllegalArgumentException("no central directory header for " + entryName);
    }
}
