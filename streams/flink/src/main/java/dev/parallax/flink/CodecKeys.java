package dev.parallax.flink;

import dev.parallax.analytics.codec.StateCodec;
import java.nio.charset.StandardCharsets;

/**
 * Operator keys as Flink keys: a key's codec bytes in a Latin-1 string. Flink partitions by the key's hash
 * code, which must be the same in every JVM (a record holding enums has no such hash code; a string does),
 * and Latin-1 maps bytes to chars one to one, so the key decodes back exactly.
 */
final class CodecKeys {

    private CodecKeys() {
    }

    static <K> String encode(StateCodec<K> codec, K key) {
        return new String(codec.encode(key), StandardCharsets.ISO_8859_1);
    }

    static <K> K decode(StateCodec<K> codec, String key) {
        return codec.decode(key.getBytes(StandardCharsets.ISO_8859_1));
    }
}
