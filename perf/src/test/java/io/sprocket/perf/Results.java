package io.sprocket.perf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the results file back for the tests: the rows (each a map from field to its text) and the
 * goals (each a JSON object), after checking the document is exactly {@code {"results":[...],"goals":[...]}}.
 */
final class Results {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Results() {
    }

    static JsonNode document(final Path json) throws IOException {
        final JsonNode doc = MAPPER.readTree(json.toFile());
        final List<String> fields = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> field : doc.properties()) {
            fields.add(field.getKey());
        }
        if (!fields.equals(List.of("results", "goals")) || !doc.get("results").isArray() || !doc.get("goals").isArray()) {
            throw new AssertionError("not a results document: " + doc);
        }
        return doc;
    }

    static List<Map<String, String>> read(final Path json) throws IOException {
        final List<Map<String, String>> rows = new ArrayList<>();
        for (final JsonNode row : document(json).get("results")) {
            final Map<String, String> fields = new LinkedHashMap<>();
            for (final Map.Entry<String, JsonNode> field : row.properties()) {
                if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                    throw new AssertionError("a row field that is not a string or a number: " + row);
                }
                fields.put(field.getKey(), field.getValue().asText());
            }
            rows.add(fields);
        }
        return rows;
    }

    static List<JsonNode> goals(final Path json) throws IOException {
        final List<JsonNode> goals = new ArrayList<>();
        document(json).get("goals").forEach(goals::add);
        return goals;
    }

    static JsonNode goal(final List<JsonNode> goals, final String name) {
        for (final JsonNode g : goals) {
            if (name.equals(g.path("name").asText())) {
                return g;
            }
        }
        throw new AssertionError("no goal named '" + name + "' in " + goals);
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
