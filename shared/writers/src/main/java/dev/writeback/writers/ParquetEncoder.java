package dev.writeback.writers;

import dev.writeback.core.data.Column;
import dev.writeback.core.data.DomoType;
import dev.writeback.core.data.DomoValues;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Rows as one Parquet file, written front to back into a stream (Parquet appends its footer last, so no seeking).
 * Types: STRING → string, LONG → int64, DOUBLE → double, DECIMAL → string (Domo gives no precision/scale, and a
 * fixed scale would round), DATE → date, DATETIME → timestamp(millis, UTC). Every column is optional (nullable).
 * Row groups are kept small (16 MiB) so memory stays flat.
 */
final class ParquetEncoder implements RowEncoder {
    static final long ROW_GROUP_BYTES = 16L * 1024 * 1024;
    private final ParquetWriter<Object[]> writer;

    ParquetEncoder(List<Column> columns, String compression, OutputStream out) throws IOException {
        MessageType schema = schema(columns);
        this.writer = new Builder(new StreamOutputFile(out), schema, columns)
                .withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(codec(compression))
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withPageSize(1024 * 1024)
                .build();
    }

    static MessageType schema(List<Column> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : columns) {
            b.addField(switch (c.type()) {
                case STRING, DECIMAL -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
                case LONG -> Types.optional(PrimitiveTypeName.INT64).named(c.name());
                case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(c.name());
                case DATE -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(c.name());
                case DATETIME -> Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(c.name());
            });
        }
        return b.named("row");
    }

    private static CompressionCodecName codec(String name) {
        return switch (name == null ? "snappy" : name) {
            case "none" -> CompressionCodecName.UNCOMPRESSED;
            case "gzip" -> CompressionCodecName.GZIP;
            case "zstd" -> CompressionCodecName.ZSTD;
            default -> CompressionCodecName.SNAPPY;
        };
    }

    @Override
    public void write(Object[] row) throws IOException {
        writer.write(row);
    }

    @Override
    public void finish() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final MessageType schema;
        private final List<Column> columns;

        Builder(OutputFile file, MessageType schema, List<Column> columns) {
            super(file);
            this.schema = schema;
            this.columns = columns;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        @SuppressWarnings("deprecation") // parquet 1.18 still calls the Hadoop-Configuration form; both must exist
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(schema, columns);
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(schema, columns);
        }
    }

    private static final class RowWriteSupport extends WriteSupport<Object[]> {
        private final MessageType schema;
        private final DomoType[] types;
        private final String[] names;
        private RecordConsumer consumer;

        RowWriteSupport(MessageType schema, List<Column> columns) {
            this.schema = schema;
            this.types = columns.stream().map(Column::type).toArray(DomoType[]::new);
            this.names = schema.getFields().stream().map(Type::getName).toArray(String[]::new);
        }

        @Override
        @SuppressWarnings("deprecation") // the Hadoop-Configuration form is what parquet 1.18's writer calls
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, new HashMap<>(Map.of()));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Object[] row) {
            consumer.startMessage();
            for (int i = 0; i < types.length; i++) {
                Object v = i < row.length ? row[i] : null;
                if (v == null || (v instanceof Double d && (d.isNaN() || d.isInfinite()))) {
                    continue;
                }
                consumer.startField(names[i], i);
                switch (types[i]) {
                    case STRING, DECIMAL -> consumer.addBinary(Binary.fromString(DomoValues.text(v)));
                    case LONG -> consumer.addLong(v instanceof Number n ? n.longValue() : Long.parseLong(v.toString()));
                    case DOUBLE -> consumer.addDouble(v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString()));
                    case DATE -> consumer.addInteger((int) (v instanceof LocalDate d ? d : LocalDate.parse(v.toString())).toEpochDay());
                    case DATETIME -> consumer.addLong(epochMillis(v));
                }
                consumer.endField(names[i], i);
            }
            consumer.endMessage();
        }

        private static long epochMillis(Object v) {
            return switch (v) {
                case LocalDateTime t -> t.toInstant(ZoneOffset.UTC).toEpochMilli();
                case Instant t -> t.toEpochMilli();
                case LocalDate d -> d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                default -> LocalDateTime.parse(v.toString().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
            };
        }
    }

    /** A Parquet {@link OutputFile} over a plain stream: Parquet only needs the position, never a seek. */
    private record StreamOutputFile(OutputStream out) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return "stream";
        }
    }

}
