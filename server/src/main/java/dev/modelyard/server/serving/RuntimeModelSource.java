package dev.modelyard.server.serving;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.modelpackage.InspectedModel;
import dev.modelyard.core.modelpackage.RuntimeName;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelArtifact;
import dev.modelyard.core.runtime.ModelLoadException;
import dev.modelyard.core.runtime.ModelRuntime;
import dev.modelyard.core.runtime.RuntimeOptions;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.engine.ModelSource;
import dev.modelyard.engine.ServingTarget;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads a release's model for the engine: the submission snapshot says which bytes (digest),
 * which runtime and which file; the materializer puts them on disk; the runtime loads them.
 */
public final class RuntimeModelSource implements ModelSource {
    private final ModelMaterializer materializer;
    private final Map<RuntimeName, ModelRuntime> runtimes = new EnumMap<>(RuntimeName.class);
    private final Map<String, Submission> snapshots = new ConcurrentHashMap<>();

    public RuntimeModelSource(ModelMaterializer materializer, List<ModelRuntime> runtimes) {
        this.materializer = requireNonNull(materializer, "materializer is null");
        runtimes.forEach(runtime -> this.runtimes.put(runtime.runtime(), runtime));
    }

    /** Makes a submission's snapshot known before the engine is asked to serve its digest. */
    public void register(Submission submission) {
        snapshots.putIfAbsent(submission.digest(), submission);
    }

    @Override
    public LoadedModel load(ServingTarget target) {
        Submission submission = snapshots.get(target.digest());
        if (submission == null) {
            throw new ModelLoadException("model " + target.digest() + " is not known to this server");
        }
        return load(submission, target.runtimeOptions());
    }

    /**
     * Loads a submission's model in its runtime, outside the serving engine (for an evaluation);
     * the caller closes it.
     */
    public LoadedModel load(Submission submission, RuntimeOptions options) {
        RuntimeName runtimeName = RuntimeName.fromId(submission.runtime());
        ModelRuntime runtime = runtimes.get(runtimeName);
        if (runtime == null) {
            throw new ModelLoadException("this server has no " + runtimeName.id() + " runtime; it serves "
                    + runtimes.keySet().stream().map(RuntimeName::id).toList());
        }
        Path directory = materializer.materialize(submission.digest(), submission.format(), submission.fileName());
        Object modelFile = submission.manifest().get("model_file");
        Path file = InspectedModel.FORMAT_PACKAGE.equals(submission.format()) && modelFile instanceof String path
                ? directory.resolve(path).normalize()
                : directory.resolve(ModelMaterializer.safeFileName(submission.fileName(), submission.digest()));
        if (!file.startsWith(directory)) {
            throw new ModelLoadException("the package's model_file leaves its folder");
        }
        return runtime.load(
                new ModelArtifact(submission.digest(), directory, file, submission.signature(), submission.manifest()),
                options);
    }
}
