package io.sprocket.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountersFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldShowEveryCounterToAReaderOfTheFile() {
        final Path file = dir.resolve("one.counters");
        try (CountersFile counters = CountersFile.create(file, 16)) {
            final AtomicCounter handled = counters.newCounter(CounterTypes.RING, "ring 'orders' handled");
            final AtomicCounter news = counters.newCounter(CounterTypes.POOL, "pool 'clones' new buffers");
            handled.setRelease(42);
            news.increment();
            try (CountersFileReader reader = CountersFileReader.open(file)) {
                assertThat(reader.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(reader.isWriterAlive()).isTrue();
                assertThat(reader.command()).isNotEmpty();
                final List<String> seen = new ArrayList<>();
                reader.counters().forEach((value, id, label) -> seen.add(label + "=" + value));
                assertThat(seen).containsExactly("ring 'orders' handled=42", "pool 'clones' new buffers=1");
                final CountersReader r = reader.counters();
                assertThat(r.getCounterTypeId(handled.id())).isEqualTo(CounterTypes.RING);
                handled.setRelease(43);
                assertThat(r.getCounterValue(handled.id())).as("a live value, read through the mapping").isEqualTo(43);
                news.close();
                final List<String> after = new ArrayList<>();
                r.forEach((value, id, label) -> after.add(label));
                assertThat(after).as("a freed counter disappears").containsExactly("ring 'orders' handled");
            }
        }
        assertThat(file).as("a clean close deletes the file").doesNotExist();
    }

    @Test
    void shouldShareOneFilePerProcessUntilTheLastUserLetsGo() {
        final String previous = System.getProperty(CountersFile.DIRECTORY_PROPERTY);
        System.setProperty(CountersFile.DIRECTORY_PROPERTY, dir.toString());
        try {
            final CountersFile a = CountersFile.processShared();
            final CountersFile b = CountersFile.processShared();
            assertThat(a).isSameAs(b);
            assertThat(a.path()).isEqualTo(dir.resolve(CountersFile.fileName(ProcessHandle.current().pid())));
            a.release();
            assertThat(b.path()).as("one user left").exists();
            b.release();
            assertThat(b.path()).as("the last user deletes it").doesNotExist();
            final CountersFile c = CountersFile.processShared();
            assertThat(c).isNotSameAs(a);
            c.release();
        } finally {
            if (previous == null) {
                System.clearProperty(CountersFile.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(CountersFile.DIRECTORY_PROPERTY, previous);
            }
        }
    }

    @Test
    void shouldDeleteTheFilesOfProcessesThatAreGone() throws IOException {
        final long deadPid = findDeadPid();
        final Path stale = dir.resolve(CountersFile.fileName(deadPid));
        Files.write(stale, new byte[1024]);
        final Path foreign = dir.resolve("keep-me.counters");
        Files.write(foreign, new byte[16]);
        final String previous = System.getProperty(CountersFile.DIRECTORY_PROPERTY);
        System.setProperty(CountersFile.DIRECTORY_PROPERTY, dir.toString());
        try {
            final CountersFile mine = CountersFile.processShared();
            assertThat(stale).doesNotExist();
            assertThat(foreign).as("a file not named after a process is left alone").exists();
            mine.release();
        } finally {
            if (previous == null) {
                System.clearProperty(CountersFile.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(CountersFile.DIRECTORY_PROPERTY, previous);
            }
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotACountersFile() throws IOException {
        final Path junk = dir.resolve("junk.counters");
        Files.write(junk, new byte[4096]);
        assertThatThrownBy(() -> CountersFileReader.open(junk)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not a Sprocket counters file");
        final Path tiny = dir.resolve("tiny.counters");
        Files.write(tiny, new byte[8]);
        assertThatThrownBy(() -> CountersFileReader.open(tiny)).hasMessageContaining("too short");
        assertThatThrownBy(() -> CountersFileReader.open(dir.resolve("absent.counters")))
            .hasMessageContaining("cannot read");
        assertThatThrownBy(() -> CountersFile.create(dir.resolve("x.counters"), 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxCounters");
    }

    @Test
    void shouldReplaceWhateverFileIsAtItsPathButNotOnABadSize() throws IOException {
        final Path file = dir.resolve("left-behind.counters");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> CountersFile.create(file, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(file)).as("a refused size leaves the file alone").containsExactly(1, 2, 3);
        final CountersFile counters = CountersFile.create(file, 8);
        try {
            counters.newCounter(CounterTypes.RING, "fresh").set(7);
            try (CountersFileReader reader = CountersFileReader.open(file)) {
                final List<String> labels = new ArrayList<>();
                reader.counters().forEach((id, type, key, label) -> labels.add(label));
                assertThat(labels).containsExactly("fresh");
            }
        } finally {
            counters.close();
        }
    }

    @Test
    void shouldKeepCountingOutsideAFullFileAndRefuseOnceClosed() {
        final CountersFile counters = CountersFile.create(dir.resolve("full.counters"), 2);
        counters.newCounter(CounterTypes.RING, "a");
        counters.newCounter(CounterTypes.RING, "b");
        final AtomicCounter outside = counters.newCounter(CounterTypes.RING, "c");
        outside.increment();
        outside.increment();
        assertThat(outside.get()).as("a counter of this process only, when the file is full").isEqualTo(2);
        final List<String> labels = new ArrayList<>();
        counters.reader().forEach((id, type, key, label) -> labels.add(label));
        assertThat(labels).containsExactly("a", "b");
        counters.close();
        assertThatThrownBy(() -> counters.newCounter(CounterTypes.RING, "d")).hasMessageContaining("closed");
        assertThat(CountersFileReader.list(dir)).isEmpty();
    }

    @Test
    void shouldKeepASetsValuesAfterFreeingItsRecords() {
        try (CountersFile counters = CountersFile.create(dir.resolve("set.counters"), 8)) {
            final CounterSet set = CounterSet.allocate(counters, false, CounterTypes.TRANSPORT,
                new String[] {"t: frames in", "t: bytes in"});
            set.counter(0).incrementRelease();
            set.counter(1).getAndAddRelease(42);
            final List<String> live = new ArrayList<>();
            counters.reader().forEach((id, type, key, label) -> live.add(label + "=" + counters.reader().getCounterValue(id)));
            assertThat(live).containsExactly("t: frames in=1", "t: bytes in=42");
            set.free();
            set.free();
            assertThat(set.get(0)).isEqualTo(1);
            assertThat(set.get(1)).isEqualTo(42);
            final List<String> after = new ArrayList<>();
            counters.reader().forEach((id, type, key, label) -> after.add(label));
            assertThat(after).as("the records are freed").isEmpty();
            assertThat(counters.path()).as("a file the set does not own stays").exists();
        }
    }

    private static long findDeadPid() {
        for (long pid = 4_000_000; pid > 1_000; pid -= 7_919) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
        throw new AssertionError("no free pid found");
    }
}
