package dev.modelyard.core.evaluation;

import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.submission.Submission;

/** Loads a submission's model into its runtime for an evaluation; the caller closes it. */
@FunctionalInterface
public interface ModelLoader {
    /** Throws {@link dev.modelyard.core.runtime.ModelLoadException} when the model cannot load. */
    LoadedModel load(Submission submission);
}
