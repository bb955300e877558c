package io.sprocket.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the results file back for the tests: a list of rows, each a map from field to its text. */
final class Results {
    private static final Pattern DOCUMENT = Pattern.compile("\\{\"results\":\\[(.*)]}\\s*", Pattern.DOTALL);
    private static final Pattern ROW = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|[-0-9.]+)");

    private Results() {
    }

    static List<Map<String, String>> read(final Path json) throws IOException {
        final String text = Files.readString(json, StandardCharsets.UTF_8);
        final Matcher doc = DOCUMENT.matcher(text);
        if (!doc.matches()) {
            throw new AssertionError("not a results document: " + text);
        }
        final List<Map<String, String>> rows = new ArrayList<>();
        final Matcher row = ROW.matcher(doc.group(1));
        while (row.find()) {
            final Map<String, String> fields = new LinkedHashMap<>();
            final Matcher field = FIELD.matcher(row.group(1));
            while (field.find()) {
                final String value = field.group(2);
                fields.put(field.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
            }
            rows.add(fields);
        }
        return rows;
    }

    static Map<String, String> row(final List<Map<String, String>> rows, final String benchmark, final String system) {
        for (final Map<String, String> r : rows) {
            if (benchmark.equals(r.get("benchmark")) && system.equals(r.get("system"))) {
                return r;
            }
        }
        throw new AssertionError("no row for " + benchmark + " / " + system + " in " + rows);
    }

    static long longOf(final Map<String, String> row, final String field) {
        return Long.parseLong(row.get(field));
    }

    static double doubleOf(final Map<String, String> row, final String field) {
        return Double.parseDouble(row.get(field));
    }
}
