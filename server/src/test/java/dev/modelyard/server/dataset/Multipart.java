package dev.modelyard.server.dataset;

import dev.modelyard.server.TestingServer;
import dev.modelyard.server.TestingServer.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A multipart/form-data body of file parts and plain fields, posted to a {@link TestingServer}. */
final class Multipart {
    private static final String BOUNDARY = "modelyard-dataset-test";

    private final List<byte[]> parts = new ArrayList<>();

    static Multipart file(String fileName, byte[] content) {
        return new Multipart().withFile("file", fileName, content);
    }

    Multipart withFile(String name, String fileName, byte[] content) {
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        write(
                part,
                "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        part.writeBytes(content);
        write(part, "\r\n");
        parts.add(part.toByteArray());
        return this;
    }

    Multipart withField(String name, String value) {
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        write(part, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
        write(part, value + "\r\n");
        parts.add(0, part.toByteArray());
        return this;
    }

    Response post(TestingServer server, String path, String token) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        parts.forEach(body::writeBytes);
        write(body, "--" + BOUNDARY + "--\r\n");
        return server.postRaw(path, token, "multipart/form-data; boundary=" + BOUNDARY, body.toByteArray());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
