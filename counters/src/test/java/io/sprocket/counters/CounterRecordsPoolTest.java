package io.sprocket.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool lends labelled sets of a counters file's records to owners that come and go, shows them to
 * readers of the file while lent, hides them when given back, and reuses them for the next owner.
 */
class CounterRecordsPoolTest {
    private static final String[] NAMES = {"messages in", "bytes in"};

    @TempDir
    Path dir;

    private static UnsafeBuffer text(final String s) {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static CounterRecords take(final CounterRecordsPool pool, final String prefix) {
        final UnsafeBuffer b = text(prefix);
        return pool.take(b, 0, b.capacity());
    }

    @Test
    void shouldShowALentSetHideItWhenGivenBackAndReuseItForTheNextOwner() {
        try (CountersFile file = CountersFile.create(dir.resolve("pool.counters"), 16)) {
            final CounterRecordsPool pool = new CounterRecordsPool(file, CounterTypes.PEER, NAMES);
            final CounterRecords a = take(pool, "peer 1: ");
            final CounterRecords b = take(pool, "peer 2: ");
            a.add(0, 1);
            a.add(1, 100);
            a.add(0, 1);
            b.add(1, 7);
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER)).containsExactly(
                Map.entry("peer 1: messages in", 2L), Map.entry("peer 1: bytes in", 100L),
                Map.entry("peer 2: messages in", 0L), Map.entry("peer 2: bytes in", 7L));
            assertThat(a.get(1)).isEqualTo(100);
            assertThat(a.pool()).isSameAs(pool);

            pool.give(a);
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER))
                .as("a set given back leaves the readers' view")
                .containsOnlyKeys("peer 2: messages in", "peer 2: bytes in");
            assertThat(a.get(1)).as("its last value stays for a reader that looked it up before").isEqualTo(100);

            final CounterRecords c = take(pool, "peer 3: ");
            assertThat(c).as("the records are kept for the next owner").isSameAs(a);
            assertThat(pool.created()).isEqualTo(2);
            assertThat(pool.idle()).isZero();
            assertThat(c.get(0)).isZero();
            assertThat(c.get(1)).isZero();
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER)).containsEntry("peer 3: messages in", 0L)
                .containsEntry("peer 3: bytes in", 0L).doesNotContainKey("peer 1: messages in").hasSize(4);

            pool.close();
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER)).as("every record freed, lent or not")
                .isEmpty();
            assertThat(take(pool, "peer 4: ")).as("nothing to lend after the close").isNull();
            pool.give(b);   // an owner that goes after the close: nothing happens
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER)).isEmpty();
        }
    }

    @Test
    void shouldAnswerNullWhenTheFileIsFullAndFreeWhatItTookOfAnUnfinishedSet() {
        try (CountersFile file = CountersFile.create(dir.resolve("full.counters"), 3)) {
            final CounterRecordsPool pool = new CounterRecordsPool(file, CounterTypes.PEER, NAMES);
            final CounterRecords first = take(pool, "one: ");
            assertThat(first).isNotNull();
            assertThat(take(pool, "two: ")).as("one record left, a set needs two").isNull();
            assertThat(pool.created()).isEqualTo(1);
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER))
                .as("the record taken for the unfinished set went back")
                .containsOnlyKeys("one: messages in", "one: bytes in");
            pool.give(first);
            assertThat(take(pool, "three: ")).as("a set given back is lent again").isSameAs(first);
            pool.close();
        }
    }

    @Test
    void shouldCutALongPrefixSoThatEveryNameShows() {
        try (CountersFile file = CountersFile.create(dir.resolve("long.counters"), 4)) {
            final CounterRecordsPool pool = new CounterRecordsPool(file, CounterTypes.PEER, NAMES);
            take(pool, "x".repeat(1_000));
            assertThat(CounterValues.ofType(file.path(), CounterTypes.PEER).keySet()).allSatisfy(label -> {
                assertThat(label).hasSizeLessThanOrEqualTo(CountersReader.MAX_LABEL_LENGTH).startsWith("xxx");
                assertThat(label.endsWith("messages in") || label.endsWith("bytes in")).isTrue();
            });
            pool.close();
        }
    }

    @Test
    void shouldRefuseRecordsOfAnotherPoolAndBadNames() {
        try (CountersFile file = CountersFile.create(dir.resolve("refuse.counters"), 8)) {
            final CounterRecordsPool pool = new CounterRecordsPool(file, CounterTypes.PEER, NAMES);
            final CounterRecordsPool other = new CounterRecordsPool(file, CounterTypes.PEER, NAMES);
            final CounterRecords theirs = take(other, "theirs: ");
            assertThatThrownBy(() -> pool.give(theirs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not belong to this pool");
            assertThatThrownBy(() -> pool.give(CounterRecords.onHeap(2))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new CounterRecordsPool(file, CounterTypes.PEER, new String[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one name");
            assertThatThrownBy(() -> new CounterRecordsPool(file, CounterTypes.PEER, new String[] {""}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 190 bytes");
            assertThatThrownBy(() -> new CounterRecordsPool(null, CounterTypes.PEER, NAMES))
                .isInstanceOf(IllegalArgumentException.class);
            other.close();
            pool.close();
        }
    }

    @Test
    void shouldCountOnTheHeapOutsideAnyFile() {
        final CounterRecords own = CounterRecords.onHeap(3);
        own.add(2, 5);
        own.add(2, 6);
        own.set(0, 9);
        assertThat(own.size()).isEqualTo(3);
        assertThat(own.get(0)).isEqualTo(9);
        assertThat(own.get(1)).isZero();
        assertThat(own.get(2)).isEqualTo(11);
        assertThat(own.pool()).isNull();
        assertThat(own.counterId(0)).isEqualTo(CountersReader.NULL_COUNTER_ID);
        assertThatThrownBy(() -> CounterRecords.onHeap(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("counters must be from 1");
    }
}
