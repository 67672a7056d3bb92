package io.hapair.node.dataplane;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** HAProxy's {@code show stat} answer, CSV whose header line starts with "# ", as rows of column name to value. */
final class StatCsv {

    private static final CsvMapper CSV = new CsvMapper();

    private StatCsv() {
    }

    static List<Map<String, String>> rows(String showStat) throws IOException {
        String csv = showStat.startsWith("# ") ? showStat.substring(2) : showStat;
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return rows.readAll();
        }
    }
}
