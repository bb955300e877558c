package io.sprocket.transport;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import io.sprocket.message.Addr;

/** A listening socket on a worker; accepted connections are spread over the workers. */
final class Acceptor extends Endpoint {
    private static final int ACCEPTS_PER_WAKE = 64;

    final Transport transport;
    final Worker worker;
    final SocketState sock;
    final ServerSocketChannel server;
    final boolean ipc;
    final Addr addr;
    final Addr boundAddr;
    final Path ipcPath;
    final Listener handle;
    private SelectionKey key;
    volatile boolean closed;

    Acceptor(
        final Transport transport,
        final Worker worker,
        final SocketState sock,
        final ServerSocketChannel server,
        final Addr addr,
        final Addr boundAddr,
        final Path ipcPath) {
        this.transport = transport;
        this.worker = worker;
        this.sock = sock;
        this.server = server;
        this.ipc = ipcPath != null;
        this.addr = addr;
        this.boundAddr = boundAddr;
        this.ipcPath = ipcPath;
        this.handle = new Listener(this);
    }

    /** Worker thread: starts accepting. */
    void start() {
        if (closed) {
            return;
        }
        try {
            key = server.register(worker.selector, SelectionKey.OP_ACCEPT, this);
            worker.addAcceptor(this);
        } catch (final ClosedChannelException e) {
            closed = true;
        }
    }

    @Override
    void onSelected(final SelectionKey selected) {
        for (int i = 0; i < ACCEPTS_PER_WAKE && !closed; i++) {
            final SocketChannel channel;
            try {
                channel = server.accept();
            } catch (final ClosedChannelException e) {
                return;
            } catch (final IOException e) {
                worker.report(e);
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                transport.onAccepted(this, channel);
            } catch (final Throwable t) {
                Transport.closeQuietly(channel);
                worker.fault(t);
            }
        }
    }

    @Override
    void onFault(final Throwable cause) {
        worker.fault(cause);
    }

    /** Worker thread: stops listening (the accepted connections are closed by the caller). */
    void closeNow() {
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            server.close();
        } catch (final IOException e) {
            worker.report(e);
        }
        if (ipcPath != null) {
            try {
                Files.deleteIfExists(ipcPath);
            } catch (final IOException e) {
                worker.report(e);
            }
        }
        worker.removeAcceptor(this);
    }
}
