package io.sprocket.message;

/**
 * A transport address: {@code tcp://host:port}, {@code tcp://[v6-address]:port}, {@code ipc:///path}
 * or {@code inproc://name}, compared and hashed by value.
 *
 * <p>Peers are looked up by address, so an {@code Addr} caches its hash and compares its cheapest
 * fields first. Parsing is a boundary operation: a malformed string is an
 * {@link IllegalArgumentException} that says what is wrong with it.
 *
 * <p><b>Note:</b> immutable and safe to share between threads. {@link #parse(String)} and the
 * factories allocate the new value; {@link #equals(Object)}, {@link #hashCode()} and the accessors
 * allocate nothing.
 */
public final class Addr {
    /** The transport an address names. */
    public enum Scheme {
        /** SP over TCP: {@code tcp://host:port}. */
        TCP("tcp"),
        /** SP over a Unix-domain stream socket: {@code ipc:///path}. */
        IPC("ipc"),
        /** In-process: {@code inproc://name}. */
        INPROC("inproc");

        private final String prefix;

        Scheme(final String name) {
            this.prefix = name + "://";
        }

        /**
         * The scheme with its separator.
         *
         * @return for example {@code "tcp://"}.
         */
        public String prefix() {
            return prefix;
        }
    }

    /** The largest TCP port number. */
    public static final int MAX_PORT = 65_535;

    private final Scheme scheme;
    private final String host;
    private final int port;
    private final String path;
    private final int hash;
    private final String text;

    private Addr(final Scheme scheme, final String host, final int port, final String path) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.hash = 31 * (31 * (31 * scheme.hashCode() + host.hashCode()) + port) + path.hashCode();
        this.text = render(scheme, host, port, path);
    }

    /**
     * Parses an address.
     *
     * @param url {@code tcp://host:port} (host a name, an IPv4 address, {@code *} or a bracketed
     *            IPv6 address; port 0 to 65535), {@code ipc://path} or {@code inproc://name}.
     * @return the address.
     * @throws IllegalArgumentException naming what is wrong when {@code url} is null or malformed.
     */
    public static Addr parse(final String url) {
        if (url == null) {
            throw new IllegalArgumentException("address is null");
        }
        for (final Scheme scheme : Scheme.values()) {
            if (url.startsWith(scheme.prefix)) {
                final String rest = url.substring(scheme.prefix.length());
                switch (scheme) {
                    case TCP:
                        return parseTcp(url, rest);
                    case IPC:
                        if (rest.isEmpty()) {
                            throw new IllegalArgumentException("ipc address '" + url + "' has no path");
                        }
                        return new Addr(Scheme.IPC, "", 0, rest);
                    default:
                        if (rest.isEmpty()) {
                            throw new IllegalArgumentException("inproc address '" + url + "' has no name");
                        }
                        return new Addr(Scheme.INPROC, "", 0, rest);
                }
            }
        }
        throw new IllegalArgumentException(
            "address '" + url + "' has no known scheme: expected tcp://, ipc:// or inproc://");
    }

    /**
     * A TCP address.
     *
     * @param host a host name or IP address, not empty (an IPv6 address without brackets).
     * @param port 0 to {@value #MAX_PORT}.
     * @return the address.
     * @throws IllegalArgumentException when the host is null or empty or the port out of range.
     */
    public static Addr tcp(final String host, final int port) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("tcp address needs a host, got '" + host + "'");
        }
        checkPort(port, host + ":" + port);
        return new Addr(Scheme.TCP, host, port, "");
    }

    /**
     * An IPC address.
     *
     * @param path the Unix-domain socket's path, not empty.
     * @return the address.
     * @throws IllegalArgumentException when the path is null or empty.
     */
    public static Addr ipc(final String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("ipc address needs a path, got '" + path + "'");
        }
        return new Addr(Scheme.IPC, "", 0, path);
    }

    private static Addr parseTcp(final String url, final String rest) {
        final String host;
        final String portText;
        if (rest.startsWith("[")) {
            final int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("tcp address '" + url + "' opens '[' but never closes it");
            }
            host = rest.substring(1, close);
            if (host.isEmpty() || host.indexOf(':') < 0) {
                throw new IllegalArgumentException(
                    "tcp address '" + url + "' has no IPv6 address between the brackets");
            }
            if (close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("tcp address '" + url + "' has no ':port' after ']'");
            }
            portText = rest.substring(close + 2);
        } else {
            final int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("tcp address '" + url + "' has no ':port'");
            }
            host = rest.substring(0, colon);
            if (host.isEmpty()) {
                throw new IllegalArgumentException("tcp address '" + url + "' has no host");
            }
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException(
                    "tcp address '" + url + "': an IPv6 host must be in brackets, as tcp://[::1]:5555");
            }
            portText = rest.substring(colon + 1);
        }
        if (portText.isEmpty() || portText.length() > 5) {
            throw new IllegalArgumentException(
                "tcp address '" + url + "' has port '" + portText + "': expected 0 to " + MAX_PORT);
        }
        int port = 0;
        for (int i = 0; i < portText.length(); i++) {
            final char c = portText.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(
                    "tcp address '" + url + "' has port '" + portText + "': not a number");
            }
            port = port * 10 + (c - '0');
        }
        checkPort(port, url);
        return new Addr(Scheme.TCP, host, port, "");
    }

    private static void checkPort(final int port, final String what) {
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException(
                "address '" + what + "' has port " + port + ": expected 0 to " + MAX_PORT);
        }
    }

    private static String render(final Scheme scheme, final String host, final int port, final String path) {
        if (scheme != Scheme.TCP) {
            return scheme.prefix + path;
        }
        return host.indexOf(':') >= 0 ? scheme.prefix + '[' + host + "]:" + port : scheme.prefix + host + ':' + port;
    }

    /**
     * The transport.
     *
     * @return the scheme.
     */
    public Scheme scheme() {
        return scheme;
    }

    /**
     * The host of a TCP address, without brackets.
     *
     * @return the host, or the empty string for IPC and inproc.
     */
    public String host() {
        return host;
    }

    /**
     * The port of a TCP address.
     *
     * @return the port, or 0 for IPC and inproc.
     */
    public int port() {
        return port;
    }

    /**
     * The path of an IPC address or the name of an inproc one.
     *
     * @return the path or name, or the empty string for TCP.
     */
    public String path() {
        return path;
    }

    @Override
    public boolean equals(final Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Addr)) {
            return false;
        }
        final Addr that = (Addr)o;
        return hash == that.hash && port == that.port && scheme == that.scheme
            && host.equals(that.host) && path.equals(that.path);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /**
     * The canonical URL, which {@link #parse(String)} reads back to an equal address.
     *
     * @return for example {@code tcp://[::1]:5555}.
     */
    @Override
    public String toString() {
        return text;
    }
}
