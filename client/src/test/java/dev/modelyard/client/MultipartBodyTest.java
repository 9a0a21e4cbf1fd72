package dev.modelyard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartBodyTest {
    @TempDir
    Path directory;

    @Test
    void framesTheManifestAsTextFieldAndTheModelAsFileWithTheExactContentLength() throws IOException {
        Path model = Files.write(directory.resolve("wine.onnx"), new byte[] {0, 1, 2, (byte) 0xff});
        Path manifest = Files.writeString(directory.resolve("modelyard.yaml"), "name: wine\n");

        MultipartBody body = MultipartBody.builder("BOUNDARY")
                .textPart("manifest", manifest, "application/yaml")
                .filePart("file", model, "wine.onnx", "application/octet-stream")
                .build();

        byte[] bytes;
        try (InputStream in = body.open()) {
            bytes = in.readAllBytes();
        }
        String expected = "--BOUNDARY\r\n"
                + "Content-Disposition: form-data; name=\"manifest\"\r\n"
                + "Content-Type: application/yaml\r\n\r\n"
                + "name: wine\n\r\n"
                + "--BOUNDARY\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"wine.onnx\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + new String(new byte[] {0, 1, 2, (byte) 0xff}, StandardCharsets.ISO_8859_1)
                + "\r\n--BOUNDARY--\r\n";
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
        assertThat(body.contentLength()).isEqualTo(bytes.length);
        assertThat(body.contentType()).isEqualTo("multipart/form-data; boundary=BOUNDARY");
    }

    @Test
    void streamsALargeFileAndReportsProgressUpToTheWholeBody() throws IOException {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Path model = Files.write(directory.resolve("big.bin"), content);
        MultipartBody body = MultipartBody.builder()
                .filePart("file", model, "big.bin", "application/octet-stream")
                .build();
        List<Long> progress = new ArrayList<>();

        long total = 0;
        try (InputStream in = body.open((sent, all) -> {
            assertThat(all).isEqualTo(body.contentLength());
            progress.add(sent);
        })) {
            byte[] buffer = new byte[8192];
            for (int count; (count = in.read(buffer)) >= 0; ) {
                total += count;
            }
        }

        assertThat(total).isEqualTo(body.contentLength()).isGreaterThan(content.length);
        assertThat(progress).isSorted().last().isEqualTo(body.contentLength());
        assertThat(progress.size()).isGreaterThan(100);
    }

    @Test
    void opensAFreshStreamEachTimeSoARetriedRequestSendsTheSameBytes() throws IOException {
        Path model = Files.writeString(directory.resolve("m.onnx"), "model bytes");
        MultipartBody body = MultipartBody.builder()
                .filePart("file", model, "m.onnx", "application/octet-stream")
                .build();

        byte[] first;
        byte[] second;
        try (InputStream in = body.open()) {
            first = in.readAllBytes();
        }
        try (InputStream in = body.open()) {
            second = in.readAllBytes();
        }

        assertThat(second).isEqualTo(first);
        assertThat(body.boundary()).startsWith("modelyard-");
    }

    @Test
    void escapesQuotesAndLineBreaksInFileNamesSoTheHeaderCannotBeForged() throws IOException {
        Path model = Files.writeString(directory.resolve("m.onnx"), "x");
        MultipartBody body = MultipartBody.builder("B")
                .filePart("file", model, "evil\"\r\nX-Injected: 1.onnx", "application/octet-stream")
                .build();

        String text;
        try (InputStream in = body.open()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(text).contains("filename=\"evil%22%0D%0AX-Injected: 1.onnx\"");
        assertThat(text).doesNotContain("\r\nX-Injected");
    }

    @Test
    void failsWhenTheFileChangesSizeAfterTheContentLengthWasComputed() throws IOException {
        Path model = Files.writeString(directory.resolve("m.onnx"), "four");
        MultipartBody body = MultipartBody.builder()
                .filePart("file", model, "m.onnx", "application/octet-stream")
                .build();
        Files.writeString(model, "now much longer");

        assertThatThrownBy(() -> {
                    try (InputStream in = body.open()) {
                        in.readAllBytes();
                    }
                })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("changed size");
    }

    @Test
    void rejectsABoundaryThatWouldBreakTheFraming() {
        assertThatThrownBy(() -> MultipartBody.builder("has space"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boundary");
    }
}
