package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.api.MetadataFieldSpec;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ReleaseCheckSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GovernanceSpecsTest {
    @Test
    void metricsKeepTheirOrderAndOnlyThePrimaryOneIsMarked() {
        assertThat(GovernanceSpecs.metrics(List.of("roc_auc", "log_loss:minimize"), "log_loss"))
                .containsExactly(new MetricSpec("roc_auc", null, null), new MetricSpec("log_loss", "minimize", true));
        assertThat(GovernanceSpecs.metrics(List.of("accuracy"), null))
                .containsExactly(new MetricSpec("accuracy", null, null));
        assertThatThrownBy(() -> GovernanceSpecs.metrics(List.of("accuracy:upwards"), null))
                .isInstanceOf(CliUsageException.class)
                .hasMessageContaining("maximize or minimize");
        assertThatThrownBy(() -> GovernanceSpecs.metrics(List.of("accuracy"), "rmse"))
                .isInstanceOf(CliUsageException.class)
                .hasMessageContaining("--primary rmse");
    }

    @Test
    void fieldsReadNameTypeRequiredAndEnumValues() {
        assertThat(GovernanceSpecs.field("framework:enum:required:xgboost,onnx"))
                .isEqualTo(new MetadataFieldSpec("framework", "enum", true, null, List.of("xgboost", "onnx")));
        assertThat(GovernanceSpecs.field("notes:string"))
                .isEqualTo(new MetadataFieldSpec("notes", "string", null, null, null));
        assertThat(GovernanceSpecs.field("layers:number:optional"))
                .isEqualTo(new MetadataFieldSpec("layers", "number", false, null, null));
        assertThat(GovernanceSpecs.field("team:enum:risk,growth"))
                .isEqualTo(new MetadataFieldSpec("team", "enum", null, null, List.of("risk", "growth")));
        assertThatThrownBy(() -> GovernanceSpecs.field("framework:enum:required"))
                .isInstanceOf(CliUsageException.class)
                .hasMessageContaining("needs its values");
        assertThatThrownBy(() -> GovernanceSpecs.field("notes:text"))
                .isInstanceOf(CliUsageException.class)
                .hasMessageContaining("[string, number, boolean, enum]");
        assertThatThrownBy(() -> GovernanceSpecs.field("notes:string:a,b"))
                .isInstanceOf(CliUsageException.class)
                .hasMessageContaining("only for enum");
    }

    @Test
    void checksReadTheirArgumentsAndEnforcementDefaultingToBlock() {
        assertThat(GovernanceSpecs.check("min_approvals=2"))
                .isEqualTo(new ReleaseCheckSpec("min_approvals", "block", 2, null, null, null));
        assertThat(GovernanceSpecs.check("primary_metric_at_least=0.8:warn"))
                .isEqualTo(new ReleaseCheckSpec("primary_metric_at_least", "warn", null, 0.8, null, null));
        assertThat(GovernanceSpecs.check("primary_metric_not_worse_than=Production:0.01:warn"))
                .isEqualTo(new ReleaseCheckSpec(
                        "primary_metric_not_worse_than_tag", "warn", null, null, "Production", 0.01));
        assertThat(GovernanceSpecs.check("primary_metric_not_worse_than_tag=Staging:0"))
                .isEqualTo(
                        new ReleaseCheckSpec("primary_metric_not_worse_than_tag", "block", null, null, "Staging", 0.0));
        assertThatThrownBy(() -> GovernanceSpecs.check("min_approvals=many"))
                .isInstanceOf(CliUsageException.class)
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> GovernanceSpecs.check("coverage=0.9"))
                .isInstanceOf(CliUsageException.class)
                .hasMessageContaining("unknown check 'coverage'");
        assertThatThrownBy(() -> GovernanceSpecs.check("primary_metric_not_worse_than=0.01"))
                .isInstanceOf(CliUsageException.class);
    }

    @Test
    void metaValuesAreTypedByTheObjectivesFieldsAndMetaJsonIsTakenAsIs() {
        Map<String, Object> metadata = GovernanceSpecs.metadata(
                List.of("framework=onnx", "layers=3", "rate=0.25", "calibrated=TRUE", "build=0042", "bad=x"),
                List.of("shape=[64,32]", "note=\"7\""),
                Map.of(
                        "framework", "enum",
                        "layers", "number",
                        "rate", "number",
                        "calibrated", "boolean",
                        "bad", "number"));

        assertThat(metadata)
                .containsExactly(
                        Map.entry("framework", "onnx"),
                        Map.entry("layers", 3L),
                        Map.entry("rate", 0.25),
                        Map.entry("calibrated", true),
                        Map.entry("build", "0042"),
                        Map.entry("bad", "x"),
                        Map.entry("shape", List.of(64, 32)),
                        Map.entry("note", "7"));
        assertThatThrownBy(() -> GovernanceSpecs.metadata(List.of(), List.of("x=not json"), Map.of()))
                .isInstanceOf(CliUsageException.class)
                .hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> GovernanceSpecs.metadata(List.of("novalue"), List.of(), Map.of()))
                .isInstanceOf(CliUsageException.class)
                .hasMessageContaining("KEY=VALUE");
    }

    @Test
    void tagListsSplitOnCommasAndAnEmptyValueMeansNone() {
        assertThat(GovernanceSpecs.tagList(null)).isNull();
        assertThat(GovernanceSpecs.tagList(List.of(""))).isEmpty();
        assertThat(GovernanceSpecs.tagList(List.of("Staging, Production", "Canary")))
                .containsExactly("Staging", "Production", "Canary");
    }
}
