package dev.parallax.flink;

import dev.parallax.analytics.codec.StateCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink state of an engine-free operator's aggregate, serialized with the operator's own {@link StateCodec}
 * (its versioned bytes, length-prefixed). With this serializer the heap state backend keeps the aggregate as
 * a live object between events, so an event updates it in place instead of decoding and re-encoding it; other
 * backends and checkpoints see exactly the operator's bytes.
 *
 * <p>Aggregates are mutable: {@link #copy} round-trips through the codec, which the heap backend needs to
 * keep a snapshot in progress apart from later updates.
 */
abstract class StateCodecSerializer<T> extends TypeSerializerSingleton<T> {

    /** The operator's codec; a static constant of the aggregate, so the serializer has no state to ship. */
    abstract StateCodec<T> codec();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return codec().decode(codec().encode(from));
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        byte[] bytes = codec().encode(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return codec().decode(bytes);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }
}
