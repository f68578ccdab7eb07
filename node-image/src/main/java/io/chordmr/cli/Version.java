package io.chordmr.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, or "dev" when run from classes. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = ChordMr.class.getPackage().getImplementationVersion();
        return new String[] {"chordmr " + (v == null ? "dev" : v)};
    }
}
