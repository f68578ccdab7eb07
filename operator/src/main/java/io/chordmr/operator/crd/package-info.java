/**
 * The custom resources of {@code chordmr.io/v1alpha1}: data classes only, no logic. The CRDs in
 * the repository's {@code crds/} folder are generated from them (a test fails when they drift).
 */
package io.chordmr.operator.crd;
