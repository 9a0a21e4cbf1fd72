package dev.modelyard.runtime.xgboost;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.modelpackage.InspectedModel;
import dev.modelyard.core.modelpackage.ModelPackageInspector;
import dev.modelyard.core.modelpackage.PackageLimits;
import dev.modelyard.core.modelpackage.RuntimeName;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelArtifact;
import dev.modelyard.core.runtime.ModelLoadException;
import dev.modelyard.core.runtime.ModelRuntime;
import dev.modelyard.core.runtime.RuntimeOptions;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Serves XGBoost models (saved with {@code save_model} as JSON or UBJSON) in-process with XGBoost4J.
 *
 * <p>The signature is read from the model file by the same reader upload inspection uses, so names and shapes agree
 * with what was recorded at upload: input {@code input} FP32 [-1, num_feature]; output {@code probabilities} FP32
 * [-1, num_class] for {@code multi:softprob}, {@code prediction} FP32 [-1, num_target] for several targets, otherwise
 * {@code prediction} FP32 [-1]. The booster is then checked against it (feature count, and the width of a warm-up
 * prediction). XGBoost4J extracts its native library into {@code java.io.tmpdir} on first use. Thread-safe.
 */
public final class XgboostRuntime implements ModelRuntime {

    private static final String INSPECTED_FILE_NAME = "model.json";

    private final ModelPackageInspector inspector = new ModelPackageInspector(PackageLimits.defaults());

    @Override
    public RuntimeName runtime() {
        return RuntimeName.XGBOOST;
    }

    /**
     * Loads the booster from the model file, limits it to {@link RuntimeOptions#intraOpThreads()} threads per
     * prediction and runs one warm-up prediction.
     *
     * @throws ModelLoadException with XGBoost's message (its native stack trace left out) when the file is not a
     *     model XGBoost can load, or when the booster does not match the signature read from the file
     */
    @Override
    public LoadedModel load(ModelArtifact artifact, RuntimeOptions options) {
        requireNonNull(artifact, "artifact is null");
        requireNonNull(options, "options is null");
        Path modelFile = artifact.modelFile();
        if (!Files.isRegularFile(modelFile)) {
            throw new ModelLoadException("the model file " + modelFile + " does not exist or is not a regular file");
        }
        Booster booster;
        try {
            // By path: XGBoost reads *.json as JSON and *.ubj as UBJSON, and tells them apart by their bytes otherwise.
            booster = XGBoost.loadModel(modelFile.toString());
        } catch (XGBoostError notLoaded) {
            throw new ModelLoadException(XgboostLoadedModel.messageOf(notLoaded), notLoaded);
        }
        try {
            booster.setParam("nthread", options.intraOpThreads());
            return XgboostLoadedModel.create(booster, inspect(modelFile));
        } catch (XGBoostError | RuntimeException notUsable) {
            booster.dispose();
            if (notUsable instanceof ModelLoadException loadFailure) {
                throw loadFailure;
            }
            String message = notUsable instanceof XGBoostError xgboostError
                    ? XgboostLoadedModel.messageOf(xgboostError)
                    : notUsable.getMessage();
            throw new ModelLoadException(message, notUsable);
        }
    }

    private InspectedModel inspect(Path modelFile) {
        try {
            return inspector.inspect(modelFile, INSPECTED_FILE_NAME, Optional.empty());
        } catch (ModelyardException | UncheckedIOException notReadable) {
            throw new ModelLoadException(notReadable.getMessage(), notReadable);
        }
    }
}
