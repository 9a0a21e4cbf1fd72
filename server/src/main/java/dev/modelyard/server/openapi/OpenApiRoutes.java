package dev.modelyard.server.openapi;

import dev.modelyard.server.http.Endpoints;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Serves the OpenAPI document at {@code /api/v1/openapi.json} and browsable docs (Swagger UI,
 * bundled in the jar) at {@code /api/v1/docs}.
 */
public final class OpenApiRoutes {
    public static final String DOCUMENT_RESOURCE = "modelyard/openapi.json";
    private static final String SWAGGER_UI_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final Buffer document;
    private final String swaggerUiVersion;

    public OpenApiRoutes() {
        this.document = Buffer.buffer(readResource(DOCUMENT_RESOURCE));
        Properties properties = new Properties();
        try (InputStream in = resource(SWAGGER_UI_PROPERTIES)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.swaggerUiVersion = properties.getProperty("version");
    }

    public void register(Endpoints endpoints, Router router) {
        endpoints.raw(HttpMethod.GET, "/api/v1/openapi.json", context -> context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(document));
        router.get("/api/v1/docs").handler(context -> context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .end(page()));
        router.get("/api/v1/docs/assets/*")
                .handler(StaticHandler.create("META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion));
        router.get("/").handler(context -> context.redirect("/api/v1/docs"));
    }

    private static String page() {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Modelyard API</title>
                  <link rel="stylesheet" href="/api/v1/docs/assets/swagger-ui.css">
                </head>
                <body>
                  <div id="api"></div>
                  <script src="/api/v1/docs/assets/swagger-ui-bundle.js"></script>
                  <script>
                    window.ui = SwaggerUIBundle({url: "/api/v1/openapi.json", dom_id: "#api"});
                  </script>
                </body>
                </html>
                """;
    }

    private static byte[] readResource(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("resource " + name + " is missing from the build");
        }
        return in;
    }
}
