package dev.parallax.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.schema.InferenceEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SchemaHistoryTest {

    static Stream<EventKind<?>> kinds() {
        return Stream.of(EventKind.INFERENCE, EventKind.DEVICE_SAMPLE, EventKind.RUN);
    }

    /** Changing an .avsc without releasing it as the next history version fails the build, with instructions. */
    @ParameterizedTest
    @MethodSource("kinds")
    void currentSchemaIsTheNewestHistoryVersion(EventKind<?> kind) {
        SchemaHistory history = kind.history();
        assertEquals(kind.schema(), history.latest().schema(), () -> """
                %s changed but its change is not released: check it is backward compatible (new fields need a \
                default) and save this schema as src/main/resources/avro/history/%s/v%d.avsc:
                %s""".formatted(kind, kind, history.versions().size() + 1, kind.schema().toString(true)));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyVersionReadsDataOfEveryEarlierVersion(EventKind<?> kind) {
        List<SchemaHistory.Version> versions = kind.history().versions();
        List<String> problems = new ArrayList<>();
        for (int reader = 0; reader < versions.size(); reader++) {
            for (int writer = 0; writer <= reader; writer++) {
                problems.addAll(SchemaEvolution.problems(versions.get(writer).schema(), versions.get(reader).schema(),
                        "v%d reading v%d".formatted(reader + 1, writer + 1)));
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The single-object decoder knows every released version, not just the current one. */
    @ParameterizedTest
    @MethodSource("kinds")
    void codecAcceptsRecordsWrittenWithEveryVersion(EventKind<? extends SpecificRecord> kind) throws IOException {
        SpecificRecord valid = switch (kind.schema().getName()) {
            case "InferenceEvent" -> Events.inference();
            case "DeviceSample" -> Events.deviceSample();
            default -> Events.run();
        };
        EventCodec<? extends SpecificRecord> codec = EventCodec.builder(kind).build();
        for (SchemaHistory.Version version : kind.history().versions()) {
            GenericRecord old = asVersion(valid, version.schema());
            ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), version.schema()).encode(old);
            DecodeResult<?> result = codec.decode(bytes.array());
            assertInstanceOf(DecodeResult.Accepted.class, result, () -> version + ": " + result);
        }
    }

    /** The history is also a SchemaStore, for code that prefers Avro's own BinaryMessageDecoder. */
    @Test
    void historyServesAvrosMessageDecoder() throws IOException {
        var decoder = new org.apache.avro.message.BinaryMessageDecoder<InferenceEvent>(SpecificData.get(),
                InferenceEvent.getClassSchema(), EventKind.INFERENCE.history());
        InferenceEvent event = Events.inference();
        assertEquals(event, decoder.decode(EventCodec.inference().encodeAvro(event)));
    }

    /**
     * A simulated release history (v1 lacked ttft_ms and attributes; v2 is today's schema): records of both
     * versions decode into today's class, the missing fields taking their defaults.
     */
    @Test
    void recordsOfAnOlderVersionDecodeWithDefaults() throws IOException {
        Schema current = InferenceEvent.getClassSchema();
        Schema v1 = without(current, "ttft_ms", "attributes");
        SchemaHistory history = SchemaHistory.of("InferenceEvent", List.of(v1.toString(), current.toString()));
        SingleObjectReader<InferenceEvent> reader =
                new SingleObjectReader<>(SpecificData.get(), current, history);

        InferenceEvent event = Events.inference();
        byte[] oldBytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(asVersion(event, v1)).array();
        InferenceEvent read = ((DecodeResult.Accepted<InferenceEvent>) reader.read(oldBytes)).event();
        assertNull(read.getTtftMs());
        assertEquals(Map.of(), read.getAttributes());
        assertEquals(event.getOutputs(), read.getOutputs());
        assertEquals(event.getEventId(), read.getEventId());

        byte[] newBytes = EventCodec.inference().encodeAvro(event);
        assertEquals(event, ((DecodeResult.Accepted<InferenceEvent>) reader.read(newBytes)).event());
        assertEquals(List.of(), SchemaEvolution.problems(v1, current, "v2 reading v1"));
    }

    /** The compatibility check is not vacuous: a new required field without default is caught. */
    @Test
    void anIncompatibleChangeIsCaught() {
        Schema current = InferenceEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("energy_j", Schema.create(Schema.Type.DOUBLE)));
        Schema broken = Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);
        List<String> problems = SchemaEvolution.problems(current, broken, "v2 reading v1");
        assertFalse(problems.isEmpty());
        assertTrue(problems.getFirst().contains("energy_j"), problems.toString());
    }

    private static Schema without(Schema schema, String... dropped) {
        List<String> drop = List.of(dropped);
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().stream().filter(f -> !drop.contains(f.name()))
                .forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    /** The fields of {@code record} that {@code schema} has, as a generic record of that schema. */
    private static GenericRecord asVersion(SpecificRecord record, Schema schema) {
        GenericData.Record old = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            Object value = record.get(record.getSchema().getField(field.name()).pos());
            Schema type = field.schema().isNullable() ? field.schema().getTypes().getLast() : field.schema();
            old.put(field.pos(), value instanceof Enum<?> e ? new GenericData.EnumSymbol(type, e.name()) : value);
        }
        return old;
    }
}
