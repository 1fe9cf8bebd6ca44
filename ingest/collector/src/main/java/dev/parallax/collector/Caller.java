package dev.parallax.collector;

/**
 * Who sent a request, as its bearer token says: a device, which may write only its own events and the runs it
 * started, or a CI token ({@code ci:<name>} in the tokens file), which may write for any device and any run.
 */
record Caller(String name, boolean ci) {

    static final String CI_PREFIX = "ci:";

    /** From a tokens-file key: {@code ci:<name>} for a CI token, else a device id. */
    static Caller of(String identity) {
        return identity.startsWith(CI_PREFIX) ? new Caller(identity.substring(CI_PREFIX.length()), true)
                : new Caller(identity, false);
    }

    /** The tokens-file key, also the dead letters' source ({@code collector/<identity>}). */
    String identity() {
        return ci ? CI_PREFIX + name : name;
    }
}
