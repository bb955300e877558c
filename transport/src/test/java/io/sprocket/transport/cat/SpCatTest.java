package io.sprocket.transport.cat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.sprocket.transport.CatPeers;
import io.sprocket.transport.SpProtocol;

class SpCatTest {
    /** The safety bound of every wait here: fail if what should happen has not happened by then. */
    private static final long WAIT_MS = 30_000;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireNngcat() {
        CatPeers.require("nngcat", "nng-utils");
    }

    private static byte[] allBytes() {
        final byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte)i;
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(value = SpCat.Format.class, names = {"HEX", "QUOTED", "RAW", "ASCII"})
    void shouldFormatExactlyAsNngcatDoes(final SpCat.Format format) throws Exception {
        final Path sock = dir.resolve("fmt.sock");
        final CatPeers.Proc nngcat = CatPeers.start(dir, 60, "nngcat", "--pull0", "--listen", "ipc://" + sock,
            "--format", format.name().toLowerCase(java.util.Locale.ROOT), "--count", "2", "--recv-timeout", "30");
        CatPeers.awaitListening(sock, WAIT_MS);
        final Path all = Files.write(dir.resolve("all"), allBytes());
        final ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        // --async: the socket file exists a moment before nngcat listens; a synchronous dial then could be refused.
        assertThat(SpCat.run(SpCat.parse("--push0", "--dial", "ipc://" + sock, "--async", "--send-timeout", "30",
            "--file", all.toString()), new PrintStream(ignored))).isEqualTo(SpCat.OK);
        assertThat(SpCat.run(SpCat.parse("--push0", "--dial", "ipc://" + sock, "--async", "--send-timeout", "30",
            "--data", "tail \"q\""), new PrintStream(ignored))).isEqualTo(SpCat.OK);
        nngcat.awaitSuccess();
        // Two cats, two connections: nngcat's PULL reads its pipes in turn, so either may come first.
        final String first = SpCat.format(format, allBytes());
        final String second = SpCat.format(format, "tail \"q\"".getBytes(StandardCharsets.US_ASCII));
        assertThat(nngcat.stdout()).isIn(first + second, second + first);
    }

    @Test
    void shouldPushToNngcatPull() throws Exception {
        final Path sock = dir.resolve("pull.sock");
        final CatPeers.Proc nngcat = CatPeers.start(dir, 60, "nngcat", "--pull0", "--listen", "ipc://" + sock,
            "--quoted", "--count", "3", "--recv-timeout", "30");
        CatPeers.awaitListening(sock, WAIT_MS);
        final int rc = SpCat.run(SpCat.parse("--push0", "--dial", "ipc://" + sock, "--async", "--send-timeout", "30",
            "--data", "hello", "--count", "3"), new PrintStream(new ByteArrayOutputStream()));
        assertThat(rc).isEqualTo(SpCat.OK);
        nngcat.awaitSuccess();
        assertThat(nngcat.stdout()).isEqualTo("\"hello\"\n\"hello\"\n\"hello\"\n");
    }

    @Test
    void shouldPullFromNngcatPushAndPrintHex() throws Exception {
        final Path sock = dir.resolve("push.sock");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final CompletableFuture<Integer> cat = CompletableFuture.supplyAsync(() -> SpCat.run(
            SpCat.parse("--pull0", "--listen", "ipc://" + sock, "--hex", "--count", "2", "--recv-timeout", "30"),
            new PrintStream(out, true)));
        CatPeers.awaitListening(sock, WAIT_MS);
        CatPeers.start(dir, 60, "nngcat", "--push0", "--dial", "ipc://" + sock, "--async", "--data", "ab", "--count",
            "2").awaitSuccess();
        assertThat(cat.get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo(SpCat.OK);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("\"\\x61\\x62\"\n\"\\x61\\x62\"\n");
    }

    @Test
    void shouldReportTheBoundAddressAndStopAfterTheReceiveTimeout() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final long start = System.nanoTime();
        final int rc = SpCat.run(SpCat.parse("--pull0", "--listen", "tcp://127.0.0.1:0", "-v", "--hex",
            "--recv-timeout", "0.3"), new PrintStream(out, true));
        final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(rc).isEqualTo(SpCat.OK);
        assertThat(out.toString(StandardCharsets.US_ASCII)).matches("Listening at: tcp://127\\.0\\.0\\.1:[1-9][0-9]*\n");
        // Not a timing: the cat waited for its 0.3 s receive timeout before it stopped (load can only make that
        // later), and it did stop. The upper bound only catches a cat that never stops: it is 100 x the timeout.
        assertThat(ms).isBetween(250L, WAIT_MS);
    }

    @Test
    void shouldFailASynchronousDialThatIsRefused() {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int rc = SpCat.run(SpCat.parse("--push0", "--dial", "ipc://" + dir.resolve("nobody.sock"), "--data", "x"),
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertThat(rc).isEqualTo(SpCat.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot dial");
    }

    @Test
    void shouldRejectBadOptions() {
        assertThatThrownBy(() -> SpCat.parse("--push0", "--bogus")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> SpCat.parse("--push0", "--pull0")).hasMessageContaining("one protocol");
        assertThatThrownBy(() -> SpCat.parse("--count", "-1")).hasMessageContaining("--count");
        assertThatThrownBy(() -> SpCat.parse("--recv-timeout", "soon")).hasMessageContaining("--recv-timeout");
        assertThatThrownBy(() -> SpCat.parse("--dial")).hasMessageContaining("needs a value");
        final PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertThat(SpCat.run(SpCat.parse("--pull0", "--listen", "tcp://127.0.0.1:0", "--data", "x"), sink, sink))
            .isEqualTo(SpCat.USAGE);
        assertThat(SpCat.run(SpCat.parse("--push0", "--listen", "tcp://127.0.0.1:0", "--hex", "--data", "x"), sink, sink))
            .isEqualTo(SpCat.USAGE);
        assertThat(SpCat.run(SpCat.parse("--push0", "--data", "x"), sink, sink)).isEqualTo(SpCat.USAGE);
        assertThat(SpCat.run(SpCat.parse("--pull0", "--listen", "udp://x:1"), sink, sink)).isEqualTo(SpCat.USAGE);
        final SpCat.Options o = SpCat.parse("--pair0", "-L", "5555", "-x", "/tmp/a", "-Q", "-C", "4", "-Z", "100");
        assertThat(o.protocol).isEqualTo(SpProtocol.PAIR0);
        assertThat(o.listen).containsExactly("tcp://127.0.0.1:5555");
        assertThat(o.dial).containsExactly("ipc:///tmp/a");
        assertThat(o.format).isEqualTo(SpCat.Format.QUOTED);
        assertThat(o.count).isEqualTo(4);
        assertThat(o.recvMaxSizeBytes).isEqualTo(100);
    }
}
