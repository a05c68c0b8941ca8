package dev.writeback.writers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of a real server that drops every connection once {@code limit} bytes went from
 * clients to the server, and refuses connections from then on: a target failing in the middle of an upload.
 */
final class DroppingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final long limit;
    private final AtomicLong forwarded = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean dropped;

    DroppingProxy(int targetPort, long limit) throws IOException {
        this.targetPort = targetPort;
        this.limit = limit;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    boolean dropped() {
        return dropped;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream, true));
                Thread.ofVirtual().start(() -> pump(upstream, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean counted) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (counted && forwarded.addAndGet(n) > limit) {
                    drop();
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a dropped or closed connection ends the pump
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void drop() {
        dropped = true;
        closeQuietly(server);
        sockets.forEach(DroppingProxy::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        drop();
    }
}
