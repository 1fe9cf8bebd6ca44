package dev.parallax.codec;

/** Semantic rules of one event kind (SPEC section 2), shared by the Avro and the JSON encoding. */
interface EventValidator<T> {

    void validate(T event, Limits limits, Violations violations);
}
