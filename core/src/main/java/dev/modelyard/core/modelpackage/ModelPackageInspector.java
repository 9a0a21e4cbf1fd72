package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates an uploaded model version and extracts its signature, without any model runtime.
 *
 * <p>An upload is either a single model file (optionally with {@code modelyard.yaml} text sent beside it) or a zip
 * model package holding {@code modelyard.yaml} at its root and the model file. Zips are recognized by their first
 * bytes, not their name. Packages are read straight from the zip, never extracted, with every entry checked against
 * the {@link PackageLimits}. See {@code docs/model-package.md} for the rules users see.
 *
 * <p>Thread-safe; {@link #inspect} blocks on file I/O, so call it on a worker thread.
 */
public final class ModelPackageInspector {

    /** The manifest's name at the root of a package. */
    public static final String MANIFEST_FILE_NAME = "modelyard.yaml";

    /** The other name a package's manifest may have. */
    public static final String ALTERNATIVE_MANIFEST_FILE_NAME = "modelyard.yml";

    private static final byte[] ZIP_LOCAL_FILE_HEADER = {'P', 'K', 3, 4};
    private static final byte[] ZIP_EMPTY_ARCHIVE = {'P', 'K', 5, 6};
    private static final int MAX_LISTED_FILES = 20;

    private final PackageLimits limits;
    private final ManifestParser manifestParser;

    public ModelPackageInspector(PackageLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
        this.manifestParser = new ManifestParser(limits);
    }

    /**
     * Inspects an upload.
     *
     * @param file the uploaded bytes on disk
     * @param fileName the client's file name; may be blank (then a single file's runtime must come from the manifest)
     * @param manifestText {@code modelyard.yaml} text (YAML or JSON) sent beside a single file; empty when none was
     *     sent (blank text counts as none). Sending it beside a zip package is an error.
     * @return the valid model with its effective signature and normalized manifest
     * @throws ModelyardException {@link ErrorCode#INVALID_MODEL}, {@link ErrorCode#INVALID_PACKAGE}, {@link
     *     ErrorCode#INVALID_MANIFEST} or {@link ErrorCode#INVALID_REQUEST} saying what is wrong and what to do
     * @throws UncheckedIOException when the uploaded file itself cannot be read from disk
     */
    public InspectedModel inspect(Path file, String fileName, Optional<String> manifestText) {
        requireNonNull(file, "file is null");
        requireNonNull(manifestText, "manifestText is null");
        String uploadName = fileName == null ? "" : PackagePaths.baseName(fileName);
        Optional<String> sentManifest = manifestText.filter(text -> !text.isBlank());
        long size;
        byte[] head;
        try {
            size = Files.size(file);
            try (InputStream input = Files.newInputStream(file)) {
                head = input.readNBytes(ZIP_LOCAL_FILE_HEADER.length);
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the uploaded file " + file, unreadable);
        }
        if (size == 0) {
            throw new ModelyardException(
                    ErrorCode.INVALID_MODEL, "the uploaded file is empty; send the model file or package", Map.of());
        }
        if (startsWith(head, ZIP_LOCAL_FILE_HEADER) || startsWith(head, ZIP_EMPTY_ARCHIVE)) {
            if (sentManifest.isPresent()) {
                throw new ModelyardException(
                        ErrorCode.INVALID_REQUEST,
                        "a manifest was sent beside a zip package; send the manifest inside the package or beside a"
                                + " single file, not both",
                        Map.of());
            }
            return inspectPackage(file);
        }
        return inspectSingleFile(file, size, uploadName, sentManifest);
    }

    private InspectedModel inspectSingleFile(Path file, long size, String uploadName, Optional<String> manifestText) {
        ModelManifest declared = manifestText.map(manifestParser::parse).orElseGet(ModelManifest::empty);
        RuntimeName runtime = declared.runtime() != null ? declared.runtime() : runtimeFromFileName(uploadName);
        String modelFile = singleModelFileName(declared, uploadName, runtime);
        ModelDescription description;
        try (InputStream input = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            description = readModel(runtime, input, size);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the uploaded file " + file, unreadable);
        }
        if (!description.companionFiles().isEmpty()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_MODEL,
                    "the ONNX model keeps its weights in separate files " + description.companionFiles()
                            + "; upload a zip package holding modelyard.yaml, the model and those files, or save the"
                            + " model with its weights inside",
                    Map.of("external_data_files", description.companionFiles()));
        }
        Signature signature = SignatureReconciler.reconcile(description.signature(), declared.signature());
        ModelManifest manifest =
                declared.withRuntime(runtime).withModelFile(modelFile).withSignature(signature);
        return new InspectedModel(
                runtime, InspectedModel.FORMAT_FILE, modelFile, manifest, signature, description.properties());
    }

    private static RuntimeName runtimeFromFileName(String uploadName) {
        if (uploadName.isBlank()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_MODEL,
                    "cannot tell the runtime: the upload has no file name; send a manifest with `runtime` (one of "
                            + RuntimeName.validIds() + ")",
                    Map.of());
        }
        return RuntimeName.fromFileName(uploadName)
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.INVALID_MODEL,
                        "cannot tell the runtime from the file name '" + uploadName
                                + "'; name it .onnx, .json, .ubj, .txt, .lgbm, .pmml or .xml, or send a manifest"
                                + " with `runtime` (one of " + RuntimeName.validIds() + ")",
                        Map.of("file_name", uploadName)));
    }

    private static String singleModelFileName(ModelManifest declared, String uploadName, RuntimeName runtime) {
        String declaredFile = declared.modelFile();
        if (declaredFile != null) {
            String declaredName = PackagePaths.baseName(declaredFile);
            if (!uploadName.isBlank() && !declaredName.equals(uploadName)) {
                throw new ModelyardException(
                        ErrorCode.INVALID_MANIFEST,
                        MANIFEST_FILE_NAME + ": `model_file` is '" + declaredFile + "' but the uploaded file is named '"
                                + uploadName + "'; make them match or leave model_file out",
                        Map.of("key", "model_file"));
            }
            return declaredName;
        }
        return uploadName.isBlank() ? "model" + runtime.fileExtensions().get(0) : uploadName;
    }

    private InspectedModel inspectPackage(Path file) {
        try (PackageArchive archive = PackageArchive.open(file, limits)) {
            String manifestPath = findManifest(archive);
            ModelManifest declared = manifestParser.parse(archive.read(manifestPath, this::readManifestText));
            RuntimeName runtime = declared.runtime();
            if (runtime == null) {
                throw new ModelyardException(
                        ErrorCode.INVALID_MANIFEST,
                        manifestPath + " must declare `runtime` (one of " + RuntimeName.validIds() + ")",
                        Map.of("key", "runtime"));
            }
            String modelPath = findModelFile(archive, declared, runtime);
            long size = archive.declaredSize(modelPath).orElse(-1L);
            ModelDescription description = archive.read(modelPath, input -> readModel(runtime, input, size));
            requireCompanionFiles(archive, modelPath, description.companionFiles());
            archive.readRemainingFiles();
            Signature signature = SignatureReconciler.reconcile(description.signature(), declared.signature());
            ModelManifest manifest = declared.withModelFile(modelPath).withSignature(signature);
            Map<String, String> properties = new HashMap<>(description.properties());
            properties.put("package.files", Integer.toString(archive.filePaths().size()));
            properties.put("package.uncompressed_bytes", Long.toString(archive.uncompressedBytes()));
            return new InspectedModel(
                    runtime, InspectedModel.FORMAT_PACKAGE, modelPath, manifest, signature, properties);
        } catch (IOException closeFailure) {
            throw new UncheckedIOException("cannot close the uploaded package " + file, closeFailure);
        }
    }

    private static String findManifest(PackageArchive archive) {
        boolean yaml = archive.containsFile(MANIFEST_FILE_NAME);
        boolean yml = archive.containsFile(ALTERNATIVE_MANIFEST_FILE_NAME);
        if (yaml && yml) {
            throw new ModelyardException(
                    ErrorCode.INVALID_PACKAGE,
                    "the package holds both " + MANIFEST_FILE_NAME + " and " + ALTERNATIVE_MANIFEST_FILE_NAME
                            + " at its root; keep only " + MANIFEST_FILE_NAME,
                    Map.of());
        }
        if (yaml || yml) {
            return yaml ? MANIFEST_FILE_NAME : ALTERNATIVE_MANIFEST_FILE_NAME;
        }
        Optional<String> nested = archive.filePaths().stream()
                .filter(path ->
                        path.endsWith("/" + MANIFEST_FILE_NAME) || path.endsWith("/" + ALTERNATIVE_MANIFEST_FILE_NAME))
                .findFirst();
        if (nested.isPresent()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_PACKAGE,
                    "the package has no " + MANIFEST_FILE_NAME + " at its root, only at '" + nested.get()
                            + "'; zip the contents of the folder, not the folder itself",
                    Map.of("found", nested.get()));
        }
        throw new ModelyardException(
                ErrorCode.INVALID_PACKAGE,
                "the package has no " + MANIFEST_FILE_NAME + " at its root; add one declaring at least `runtime`,"
                        + " or upload the model file alone",
                Map.of("files", listed(archive.filePaths())));
    }

    private String readManifestText(InputStream input) throws IOException {
        byte[] bytes = input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxManifestBytes() + 1));
        if (bytes.length > limits.maxManifestBytes()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_MANIFEST,
                    MANIFEST_FILE_NAME + " is larger than the limit of " + limits.maxManifestBytes()
                            + " bytes; keep large data in separate files of the package",
                    Map.of("limit_bytes", limits.maxManifestBytes()));
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            throw new ModelyardException(
                    ErrorCode.INVALID_MANIFEST,
                    MANIFEST_FILE_NAME + " is not UTF-8 text; save it with UTF-8 encoding",
                    Map.of(),
                    notUtf8);
        }
    }

    private static String findModelFile(PackageArchive archive, ModelManifest declared, RuntimeName runtime) {
        if (declared.modelFile() != null) {
            String modelPath = declared.modelFile();
            if (!archive.containsFile(modelPath)) {
                throw new ModelyardException(
                        ErrorCode.INVALID_PACKAGE,
                        MANIFEST_FILE_NAME + " names the model file '" + modelPath
                                + "', which is not in the package; the package holds "
                                + listed(archive.filePaths()),
                        Map.of("model_file", modelPath, "files", listed(archive.filePaths())));
            }
            return modelPath;
        }
        List<String> candidates = new ArrayList<>();
        for (String path : archive.filePaths()) {
            String name = PackagePaths.baseName(path);
            if (!name.equals(MANIFEST_FILE_NAME)
                    && !name.equals(ALTERNATIVE_MANIFEST_FILE_NAME)
                    && runtime.matchesFileName(name)) {
                candidates.add(path);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String extensions = String.join(", ", runtime.fileExtensions());
        if (candidates.isEmpty()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_PACKAGE,
                    "the package holds no " + runtime.id() + " model file (" + extensions
                            + "); add it, or name it with `model_file` in " + MANIFEST_FILE_NAME,
                    Map.of("files", listed(archive.filePaths())));
        }
        throw new ModelyardException(
                ErrorCode.INVALID_PACKAGE,
                "the package holds several possible " + runtime.id() + " model files " + listed(candidates)
                        + "; say which one with `model_file` in " + MANIFEST_FILE_NAME,
                Map.of("candidates", listed(candidates)));
    }

    private static void requireCompanionFiles(PackageArchive archive, String modelPath, List<String> companionFiles) {
        int slash = modelPath.lastIndexOf('/');
        String folder = slash < 0 ? "" : modelPath.substring(0, slash + 1);
        for (String companion : companionFiles) {
            String resolved;
            try {
                resolved = PackagePaths.normalizeDeclaredPath(folder + companion);
            } catch (ModelyardException unsafe) {
                throw new ModelyardException(
                        ErrorCode.INVALID_MODEL,
                        "the ONNX model reads weights from '" + companion
                                + "', which is not a path inside the package; save the weights next to the model",
                        Map.of("external_data_file", companion));
            }
            if (!archive.containsFile(resolved)) {
                throw new ModelyardException(
                        ErrorCode.INVALID_PACKAGE,
                        "the ONNX model reads weights from '" + resolved
                                + "', which is not in the package; add it next to the model file",
                        Map.of("external_data_file", resolved));
            }
        }
    }

    private static ModelDescription readModel(RuntimeName runtime, InputStream input, long size) throws IOException {
        return switch (runtime) {
            case ONNX -> OnnxModelReader.read(input, size);
            case XGBOOST -> new XgboostModelReader().read(input);
            case LIGHTGBM -> LightgbmModelReader.read(input);
            case PMML -> new PmmlModelReader().read(input);
        };
    }

    private static List<String> listed(List<String> paths) {
        if (paths.size() <= MAX_LISTED_FILES) {
            return paths;
        }
        List<String> listed = new ArrayList<>(paths.subList(0, MAX_LISTED_FILES));
        listed.add("... " + (paths.size() - MAX_LISTED_FILES) + " more");
        return listed;
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int index = 0; index < magic.length; index++) {
            if (head[index] != magic[index]) {
                return false;
            }
        }
        return true;
    }
}
