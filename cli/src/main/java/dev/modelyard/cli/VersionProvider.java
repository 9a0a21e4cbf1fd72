package dev.modelyard.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or {@code development} when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ModelyardCommand.class.getPackage().getImplementationVersion();
        return new String[] {"modelyard " + (version == null ? "development" : version)};
    }
}
