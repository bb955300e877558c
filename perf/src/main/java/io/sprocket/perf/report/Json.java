package io.sprocket.perf.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the results file by hand, in the one shape tools rely on:
 * {@code {"results":[{...}, ...]}}, one {@link Result} per line.
 *
 * <p><b>Note:</b> stateless; any thread may call it. It allocates the text it writes.
 */
public final class Json {
    private Json() {
    }

    /**
     * The whole document.
     *
     * @param results the rows, in the order measured.
     * @return the JSON text, ending with a newline.
     */
    public static String document(final List<Result> results) {
        final StringBuilder json = new StringBuilder(256 + 200 * results.size()).append("{\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            json.append(i == 0 ? "\n  " : ",\n  ");
            results.get(i).appendJson(json);
        }
        return json.append(results.isEmpty() ? "]}\n" : "\n]}\n").toString();
    }

    /**
     * Writes the document to a file, creating its parent folders.
     *
     * @param results the rows.
     * @param file    where to write.
     * @throws IOException when the file cannot be written.
     */
    public static void write(final List<Result> results, final Path file) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, document(results), StandardCharsets.UTF_8);
    }

    static void string(final StringBuilder json, final String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int)c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }

    /** A finite number with at most three decimals and no exponent, as JSON wants it. */
    static void number(final StringBuilder json, final double value) {
        final BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
        json.append(rounded.scale() < 0 ? rounded.setScale(0, RoundingMode.UNNECESSARY).toPlainString()
            : rounded.toPlainString());
    }
}
