package dev.writeback.sql;

import java.io.IOException;
import java.io.InputStream;

/** Opens a DataSet's rows as Domo CSV; each scan of the table opens it anew. */
@FunctionalInterface
public interface CsvSource {

    /** A fresh stream of the CSV; the header line is present when {@link SqlEngine} is told so. */
    InputStream open() throws IOException;
}
