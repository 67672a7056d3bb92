package io.hapair.node.dataplane;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HAProxy's {@code show stat} answer, CSV whose header line starts with "# ", as rows of column name to value,
 * of the columns asked for only: a row has about a hundred, and a node holding thousands of services reads
 * three rows each every few seconds.
 */
final class StatCsv {

    private static final CsvMapper CSV = new CsvMapper();

    private StatCsv() {
    }

    static List<Map<String, String>> rows(String showStat, Set<String> columns) throws IOException {
        String csv = showStat.startsWith("# ") ? showStat.substring(2) : showStat;
        try (MappingIterator<String[]> lines = CSV.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(csv)) {
            if (!lines.hasNext()) {
                return List.of();
            }
            String[] header = lines.next();
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < header.length; i++) {
                if (columns.contains(header[i])) {
                    kept.add(i);
                }
            }
            List<Map<String, String>> rows = new ArrayList<>();
            while (lines.hasNext()) {
                String[] line = lines.next();
                Map<String, String> row = new HashMap<>(2 * kept.size());
                for (int i : kept) {
                    if (i < line.length) {
                        row.put(header[i], line[i]);
                    }
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
