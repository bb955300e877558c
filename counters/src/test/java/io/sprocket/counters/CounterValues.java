package io.sprocket.counters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tests' view of a counters file: the counters of one type, by label, as another process would read them. */
public final class CounterValues {
    private CounterValues() {
    }

    /**
     * The counters of {@code type} in the file, label to value, in the file's order.
     *
     * @param file the counters file.
     * @param type a {@link CounterTypes} type id.
     * @return a new map.
     */
    public static Map<String, Long> ofType(final Path file, final int type) {
        final Map<String, Long> found = new LinkedHashMap<>();
        try (CountersFileReader reader = CountersFileReader.open(file)) {
            reader.counters().forEach((id, counterType, key, label) -> {
                if (counterType == type) {
                    found.put(label, reader.counters().getCounterValue(id));
                }
            });
        }
        return found;
    }
}
