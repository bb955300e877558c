package io.sprocket.perf.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The results file, written with Jackson in the one shape tools rely on:
 *
 * <pre>
 * {"results": [{"benchmark": "latency", "system": "sprocket", "p50Ns": 180, ...}, ...],
 *  "goals":   [{"name": "ping-pong p99, Sprocket / raw Disruptor", "kind": "at-most", "target": "&lt;= 1.20",
 *               "targetValue": 1.2, "unit": "ratio", "rounds": [1.02, 0.97], "roundModes": ["near", "near"],
 *               "median": 0.995, "mode": "near", "verdict": "PASS", "gating": true}, ...]}
 * </pre>
 *
 * A field that does not apply is left out, never written as 0 or null; decimals are rounded to three
 * places and written without an exponent.
 *
 * <p><b>Note:</b> stateless; any thread may call it. It allocates the document it writes.
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .build();
    /** Indented, {@code "name": value}. */
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter(
        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private Json() {
    }

    /**
     * The whole document as a tree.
     *
     * @param results the rows, in the order measured.
     * @param goals   the verdicts of the goals this run measured.
     * @return {@code {"results":[...],"goals":[...]}}.
     */
    public static ObjectNode tree(final List<Result> results, final List<Verdict> goals) {
        final ObjectNode root = MAPPER.createObjectNode();
        final ArrayNode rows = root.putArray("results");
        for (final Result r : results) {
            row(rows.addObject(), r);
        }
        final ArrayNode verdicts = root.putArray("goals");
        for (final Verdict v : goals) {
            goal(verdicts.addObject(), v);
        }
        return root;
    }

    /**
     * The whole document as text.
     *
     * @param results the rows, in the order measured.
     * @param goals   the verdicts of the goals this run measured.
     * @return the JSON text, indented, ending with a newline.
     */
    public static String document(final List<Result> results, final List<Verdict> goals) {
        try {
            return WRITER.writeValueAsString(tree(results, goals)) + "\n";
        } catch (final JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the document to a file, creating its parent folders.
     *
     * @param results the rows.
     * @param goals   the verdicts.
     * @param file    where to write.
     * @throws IOException when the file cannot be written.
     */
    public static void write(final List<Result> results, final List<Verdict> goals, final Path file) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, document(results, goals), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void row(final ObjectNode node, final Result r) {
        node.put("benchmark", r.benchmark());
        node.put("system", r.system());
        if (r.hasOfferedRate()) {
            node.put("offeredMsgsPerSec", r.offeredMsgsPerSec());
        }
        if (r.hasLatency()) {
            node.put("p50Ns", r.p50Ns());
            node.put("p90Ns", r.p90Ns());
            node.put("p99Ns", r.p99Ns());
            node.put("p999Ns", r.p999Ns());
            node.put("p9999Ns", r.p9999Ns());
            node.put("maxNs", r.maxNs());
        }
        number(node, "msgsPerSec", r.msgsPerSec());
        number(node, "nsPerOp", r.nsPerOp());
        number(node, "bytesPerOp", r.bytesPerOp());
        if (r.hasPoolBuffersAllocated()) {
            node.put("poolBuffersAllocated", r.poolBuffersAllocated());
        }
    }

    private static void goal(final ObjectNode node, final Verdict v) {
        final Goal g = v.goal();
        node.put("name", g.label());
        node.put("kind", g.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        node.put("benchmark", g.benchmark());
        node.put("metric", g.metric());
        node.put("system", g.system());
        if (!"-".equals(g.baseline())) {
            node.put("baseline", g.baseline());
        }
        if (g.kind() != Goal.Kind.REPORTED) {
            node.put("target", g.targetText());
            number(node, "targetValue", g.target());
        }
        node.put("unit", g.unit());
        final ArrayNode rounds = node.putArray("rounds");
        for (final double r : v.rounds()) {
            rounds.add(decimal(r));
        }
        final String[] modes = v.roundModes();
        boolean anyMode = false;
        for (final String m : modes) {
            anyMode |= !"-".equals(m);
        }
        if (anyMode) {
            final ArrayNode roundModes = node.putArray("roundModes");
            for (final String m : modes) {
                roundModes.add(m);
            }
        }
        number(node, "median", v.median());
        if (!"-".equals(v.mode())) {
            node.put("mode", v.mode());
        }
        number(node, "bytesPerOp", v.bytesPerOp());
        if (v.poolBuffersAllocated() != Long.MIN_VALUE) {
            node.put("poolBuffersAllocated", v.poolBuffersAllocated());
        }
        node.put("verdict", v.status().name());
        node.put("gating", g.gating());
        if (v.note() != null || g.note() != null) {
            node.put("note", v.note() == null ? g.note() : g.note() == null ? v.note() : v.note() + "; " + g.note());
        }
    }

    /** Puts a finite number, rounded to three decimals; leaves the field out otherwise. */
    private static void number(final ObjectNode node, final String name, final double value) {
        if (Double.isFinite(value)) {
            node.put(name, decimal(value));
        }
    }

    /** Three decimals at most, no trailing zeros; null (JSON null) for a value that is not finite. */
    private static BigDecimal decimal(final double value) {
        if (!Double.isFinite(value)) {
            return null;
        }
        final BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0, RoundingMode.UNNECESSARY) : rounded;
    }
}
