package io.sprocket.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddrTest {
    @Test
    void shouldParseTcpWithNameAndPort() {
        final Addr a = Addr.parse("tcp://localhost:5555");
        assertThat(a.scheme()).isEqualTo(Addr.Scheme.TCP);
        assertThat(a.host()).isEqualTo("localhost");
        assertThat(a.port()).isEqualTo(5555);
        assertThat(a.path()).isEmpty();
        assertThat(a).hasToString("tcp://localhost:5555");
    }

    @Test
    void shouldParseBracketedIpv6() {
        final Addr a = Addr.parse("tcp://[::1]:80");
        assertThat(a.host()).isEqualTo("::1");
        assertThat(a.port()).isEqualTo(80);
        assertThat(a).hasToString("tcp://[::1]:80");
        assertThat(Addr.parse(a.toString())).isEqualTo(a);
    }

    @Test
    void shouldParseIpcAndInproc() {
        final Addr ipc = Addr.parse("ipc:///tmp/sprocket.sock");
        assertThat(ipc.scheme()).isEqualTo(Addr.Scheme.IPC);
        assertThat(ipc.path()).isEqualTo("/tmp/sprocket.sock");
        assertThat(ipc).hasToString("ipc:///tmp/sprocket.sock");
        final Addr inproc = Addr.parse("inproc://engine");
        assertThat(inproc.scheme()).isEqualTo(Addr.Scheme.INPROC);
        assertThat(inproc.path()).isEqualTo("engine");
    }

    @Test
    void shouldCompareAndHashByValue() {
        final Addr a = Addr.parse("tcp://10.0.0.1:7000");
        final Addr b = Addr.tcp("10.0.0.1", 7000);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotSameAs(b);
        assertThat(a).isNotEqualTo(Addr.parse("tcp://10.0.0.1:7001"));
        assertThat(a).isNotEqualTo(Addr.parse("tcp://10.0.0.2:7000"));
        assertThat(Addr.parse("ipc://x")).isNotEqualTo(Addr.parse("inproc://x"));
        assertThat(Addr.ipc("/a")).isEqualTo(Addr.parse("ipc:///a"));
    }

    @Test
    void shouldAcceptPortBoundsAndWildcard() {
        assertThat(Addr.parse("tcp://*:0").port()).isZero();
        assertThat(Addr.parse("tcp://h:65535").port()).isEqualTo(65535);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "udp://h:1|no known scheme",
        "tcp://host|no ':port'",
        "tcp://:80|no host",
        "tcp://h:|port ''",
        "tcp://h:65536|expected 0 to 65535",
        "tcp://h:12a|not a number",
        "tcp://h:-1|not a number",
        "tcp://::1:80|must be in brackets",
        "tcp://[::1:80|never closes",
        "tcp://[]:80|no IPv6 address",
        "tcp://[::1]80|no ':port' after ']'",
        "tcp://h:123456|expected 0 to 65535",
        "ipc://|has no path",
        "inproc://|has no name",
    })
    void shouldRejectBadAddressesSayingWhy(final String url, final String why) {
        assertThatThrownBy(() -> Addr.parse(url))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(why);
    }

    @Test
    void shouldRejectNullAndBadFactoryArguments() {
        assertThatThrownBy(() -> Addr.parse(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> Addr.tcp("", 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> Addr.tcp("h", 70000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535");
        assertThatThrownBy(() -> Addr.ipc("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
    }
}
