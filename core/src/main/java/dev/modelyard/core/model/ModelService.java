package dev.modelyard.core.model;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Names;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.blob.BlobStore;
import dev.modelyard.core.modelpackage.InspectedModel;
import dev.modelyard.core.modelpackage.ModelPackageInspector;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.UserRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Models and their immutable, numbered versions. */
public final class ModelService {
    private static final int MAX_DESCRIPTION_LENGTH = 10_000;

    private final Transactions transactions;
    private final ProjectAccess access;
    private final AuditRecorder audit;
    private final BlobStore blobs;
    private final ModelPackageInspector inspector;
    private final Clock clock;

    public ModelService(
            Transactions transactions,
            ProjectAccess access,
            AuditRecorder audit,
            BlobStore blobs,
            ModelPackageInspector inspector,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.inspector = requireNonNull(inspector, "inspector is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A version's row and a stream of its artifact bytes, which the caller closes. */
    public record Artifact(ModelVersion version, InputStream content) {}

    public Model createModel(Principal principal, String projectName, String name, String description) {
        Names.requireValid("model", name);
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "description is " + description.length() + " characters long; the limit is "
                            + MAX_DESCRIPTION_LENGTH,
                    Map.of("field", "description"));
        }
        return transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Model model = new Model(
                    UUID.randomUUID().toString(),
                    project.id(),
                    name,
                    description,
                    UserRef.of(principal),
                    clock.instant());
            stores.models().insertModel(model);
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change("model.create", "model", model.id(), model.name(), null, model.auditState()));
            return model;
        });
    }

    public Model getModel(Principal principal, String projectName, String modelName) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            return requireModel(stores, project, modelName);
        });
    }

    public Page<Model> listModels(Principal principal, String projectName, PageRequest page) {
        List<Model> rows = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            return stores.models().listModels(project.id(), page);
        });
        return Page.fromOverfetch(rows, page, Model::name);
    }

    /**
     * Deletes a model and its version rows; refused (409) while submissions refer to it. Artifacts
     * stay in the content-addressed blob store.
     */
    public void deleteModel(Principal principal, String projectName, String modelName) {
        transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Model model = requireModel(stores, project, modelName);
            long submissions = stores.submissions().countSubmissionsOfModel(model.id());
            if (submissions > 0) {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "model '" + modelName + "' has " + submissions + " submission(s) to objectives, which keep"
                                + " referring to it; it cannot be deleted",
                        Map.of("model", modelName, "submissions", submissions));
            }
            stores.models().deleteModel(model.id());
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change("model.delete", "model", model.id(), model.name(), model.auditState(), null));
            return null;
        });
    }

    /**
     * Checks, before an upload's bytes are read, that the caller may upload to this model and
     * that it exists, so a refused upload costs no disk.
     */
    public Model requireUploadable(Principal principal, String projectName, String modelName) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            return requireModel(stores, project, modelName);
        });
    }

    /**
     * Makes the next version of a model from a staged upload: validates the package, commits the
     * bytes to the blob store, then numbers and records the version in one transaction. The staged
     * file is consumed whatever happens.
     */
    public ModelVersion createVersion(Principal principal, String projectName, String modelName, UploadedFile upload) {
        try {
            requireUploadable(principal, projectName, modelName);
            InspectedModel inspected = inspector.inspect(upload.stagedFile(), upload.fileName(), upload.manifestText());
            blobs.commit(upload.stagedFile(), upload.sha256());
            return transactions.inTransaction(stores -> {
                Project project = access.require(stores, principal, projectName, Role.EDITOR);
                Model model = requireModel(stores, project, modelName);
                return recordVersion(stores, principal, project, model, upload, inspected);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the uploaded artifact", e);
        } finally {
            deleteQuietly(upload);
        }
    }

    /**
     * Numbers and records a version whose artifact is already committed to the blob store, with
     * its audit event, inside the caller's transaction.
     */
    public ModelVersion recordVersion(
            Stores stores,
            Principal principal,
            Project project,
            Model model,
            UploadedFile upload,
            InspectedModel inspected) {
        int number = stores.models().reserveNextVersionNumber(model.id());
        ModelVersion version = new ModelVersion(
                UUID.randomUUID().toString(),
                model.id(),
                number,
                upload.sha256(),
                upload.sizeBytes(),
                inspected.runtime().id(),
                inspected.format(),
                upload.fileName(),
                inspected.signature(),
                inspected.manifest().toMap(),
                inspected.properties(),
                UserRef.of(principal),
                clock.instant());
        stores.models().insertVersion(version);
        audit.record(
                stores,
                principal,
                Optional.of(project.id()),
                new Change(
                        "model_version.create",
                        "model_version",
                        version.id(),
                        model.name() + "/" + number,
                        null,
                        version.auditState()));
        return version;
    }

    public ModelVersion getVersion(Principal principal, String projectName, String modelName, int number) {
        return transactions.read(stores -> requireVersion(stores, principal, projectName, modelName, number));
    }

    public Page<ModelVersion> listVersions(
            Principal principal, String projectName, String modelName, PageRequest page) {
        List<ModelVersion> rows = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Model model = requireModel(stores, project, modelName);
            return stores.models().listVersions(model.id(), page);
        });
        return Page.fromOverfetch(rows, page, version -> Integer.toString(version.number()));
    }

    public Artifact openArtifact(Principal principal, String projectName, String modelName, int number) {
        ModelVersion version = getVersion(principal, projectName, modelName, number);
        try {
            return new Artifact(version, blobs.open(version.digest()));
        } catch (IOException e) {
            throw new ModelyardException(
                    ErrorCode.INTERNAL,
                    "the artifact of " + modelName + " version " + number + " is missing from blob storage ("
                            + version.digest() + "); restore it from a backup",
                    Map.of("digest", version.digest()),
                    e);
        }
    }

    private ModelVersion requireVersion(
            Stores stores, Principal principal, String projectName, String modelName, int number) {
        Project project = access.require(stores, principal, projectName, Role.VIEWER);
        Model model = requireModel(stores, project, modelName);
        return stores.models()
                .findVersion(model.id(), number)
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.MODEL_VERSION_NOT_FOUND,
                        "model '" + modelName + "' has no version " + number,
                        Map.of("project", projectName, "model", modelName, "version", number)));
    }

    private static Model requireModel(Stores stores, Project project, String modelName) {
        return stores.models()
                .findModel(project.id(), modelName)
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.MODEL_NOT_FOUND,
                        "model '" + modelName + "' does not exist in project '" + project.name() + "'",
                        Map.of("project", project.name(), "model", String.valueOf(modelName))));
    }

    private static void deleteQuietly(UploadedFile upload) {
        try {
            Files.deleteIfExists(upload.stagedFile());
        } catch (IOException e) {
            // the staging folder is swept at the next start
        }
    }
}
