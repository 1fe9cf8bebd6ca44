package dev.parallax.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Proves that a reader schema reads data written with a writer schema: Avro's static compatibility check,
 * then an actual write-with-writer / read-with-reader round trip of sample records with every field set.
 */
final class SchemaEvolution {

    /** Why {@code reader} cannot read {@code writer}'s data; empty when it can. */
    static List<String> problems(Schema writer, Schema reader, String label) {
        List<String> problems = new ArrayList<>();
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            compatibility.getResult().getIncompatibilities().forEach(i -> problems.add(
                    label + ": " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage()));
            return problems;
        }
        Random random = new Random(label.hashCode());
        for (int sample = 0; sample < 20; sample++) {
            GenericRecord written = (GenericRecord) sample(writer, random);
            GenericRecord read = roundTrip(written, writer, reader);
            for (Schema.Field field : reader.getFields()) {
                Schema.Field writerField = writer.getField(field.name());
                Object expected = writerField != null
                        ? written.get(field.name())
                        : GenericData.get().getDefaultValue(field);
                if (!GenericData.get().validate(field.schema(), read.get(field.name()))
                        || !String.valueOf(expected).equals(String.valueOf(read.get(field.name())))) {
                    problems.add(label + ": field " + field.name() + " read as " + read.get(field.name())
                            + ", expected " + expected);
                }
            }
        }
        return problems;
    }

    static GenericRecord roundTrip(GenericRecord record, Schema writer, Schema reader) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
            encoder.flush();
            return new GenericDatumReader<GenericRecord>(writer, reader)
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random value of {@code schema}; unions take their non-null branch most of the time. */
    static Object sample(Schema schema, Random random) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                schema.getFields().forEach(f -> record.put(f.pos(), sample(f.schema(), random)));
                yield record;
            }
            case UNION -> sample(schema.getTypes().get(random.nextInt(5) == 0 ? 0 : schema.getTypes().size() - 1), random);
            case NULL -> null;
            case STRING -> "s" + random.nextInt(1000);
            case BOOLEAN -> random.nextBoolean();
            case INT -> random.nextInt();
            case LONG -> random.nextLong();
            case FLOAT -> random.nextFloat();
            case DOUBLE -> random.nextDouble();
            case ENUM -> new GenericData.EnumSymbol(schema,
                    schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(sample(schema.getElementType(), random));
                }
                yield new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                Map<String, Object> map = new HashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put("k" + i, sample(schema.getValueType(), random));
                }
                yield map;
            }
            default -> throw new IllegalArgumentException("no samples for " + schema.getType());
        };
    }

    private SchemaEvolution() {
    }
}
