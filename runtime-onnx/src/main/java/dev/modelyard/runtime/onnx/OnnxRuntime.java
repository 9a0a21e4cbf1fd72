package dev.modelyard.runtime.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.modelyard.core.modelpackage.RuntimeName;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelArtifact;
import dev.modelyard.core.runtime.ModelLoadException;
import dev.modelyard.core.runtime.ModelRuntime;
import dev.modelyard.core.runtime.RuntimeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves ONNX models in-process with ONNX Runtime (CPU).
 *
 * <p>All models share ONNX Runtime's one process-wide {@link OrtEnvironment} (logging at warning level, telemetry
 * off); it lives as long as the JVM and is never closed here. Each model gets its own {@link OrtSession} with
 * {@link RuntimeOptions#intraOpThreads()} intra-op threads, one inter-op thread (sequential execution), every graph
 * optimization and memory pattern planning. Thread-safe.
 */
public final class OnnxRuntime implements ModelRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntime.class);
    private static final String ENVIRONMENT_NAME = "modelyard";

    private final OrtEnvironment environment;

    public OnnxRuntime() {
        this.environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, ENVIRONMENT_NAME);
        try {
            environment.setTelemetry(false);
        } catch (OrtException telemetryNotSwitchedOff) {
            // Telemetry exists only in Windows builds; elsewhere this is a no-op, so a failure is not fatal.
            LOG.warn("could not switch ONNX Runtime telemetry off: {}", telemetryNotSwitchedOff.getMessage());
        }
    }

    @Override
    public RuntimeName runtime() {
        return RuntimeName.ONNX;
    }

    /**
     * Creates a session from the model file (a path, so weights kept in external data files beside it load too).
     *
     * @throws ModelLoadException with ONNX Runtime's message when the file is missing, not an ONNX model, uses
     *     operators this build lacks, or has inputs or outputs that are not tensors of a supported type
     */
    @Override
    public LoadedModel load(ModelArtifact artifact, RuntimeOptions options) {
        requireNonNull(artifact, "artifact is null");
        requireNonNull(options, "options is null");
        OrtSession session;
        try (SessionOptions sessionOptions = sessionOptions(options)) {
            session = environment.createSession(artifact.modelFile().toString(), sessionOptions);
        } catch (OrtException notLoaded) {
            throw new ModelLoadException(notLoaded.getMessage(), notLoaded);
        }
        try {
            return OnnxLoadedModel.create(environment, session);
        } catch (OrtException | RuntimeException notUsable) {
            closeQuietly(session, notUsable);
            if (notUsable instanceof ModelLoadException loadFailure) {
                throw loadFailure;
            }
            throw new ModelLoadException(notUsable.getMessage(), notUsable);
        }
    }

    private static SessionOptions sessionOptions(RuntimeOptions options) throws OrtException {
        SessionOptions sessionOptions = new SessionOptions();
        try {
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
            sessionOptions.setInterOpNumThreads(1);
            sessionOptions.setExecutionMode(ExecutionMode.SEQUENTIAL);
            sessionOptions.setOptimizationLevel(OptLevel.ALL_OPT);
            sessionOptions.setMemoryPatternOptimization(true);
            return sessionOptions;
        } catch (OrtException | RuntimeException failure) {
            sessionOptions.close();
            throw failure;
        }
    }

    private static void closeQuietly(OrtSession session, Exception cause) {
        try {
            session.close();
        } catch (OrtException | RuntimeException closeFailure) {
            cause.addSuppressed(closeFailure);
        }
    }
}
