package io.chordmr.cli; public class ChordMr { public static void main(String[] a){} }
