package dev.parallax.analytics.codec;

import java.util.function.Function;

/**
 * Turns an operator's state into bytes and back. Engines adapt one codec per state type: a Kafka Streams
 * {@code Serde} for state stores and changelogs, a Flink {@code TypeSerializer} (or {@code ValueState<byte[]>}).
 *
 * <p>Encodings start with a one-byte format tag and a one-byte version so that a newer reader can still decode
 * state written by an older job; they are deterministic (equal state, equal bytes).
 *
 * @param <T> the state type
 */
public interface StateCodec<T> {

    byte[] encode(T state);

    /** @throws StateFormatException when the bytes are truncated, of another format or of an unknown version */
    T decode(byte[] bytes);

    /** The codec of a type that already has its encoding and decoding functions. */
    static <T> StateCodec<T> of(Function<? super T, byte[]> encoder, Function<byte[], ? extends T> decoder) {
        return new StateCodec<>() {
            @Override
            public byte[] encode(T state) {
                return encoder.apply(state);
            }

            @Override
            public T decode(byte[] bytes) {
                return decoder.apply(bytes);
            }
        };
    }
}
