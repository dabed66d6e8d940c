package io.lemonadeoutbox.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports for servers started on this machine: embedded ones, and the services the tests and tools launch. */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port nobody listens on right now (another process could still take it before we bind it). */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static int orPick(int port) {
        return port == 0 ? pick() : port;
    }

    /** {@code count} different free ports: each socket stays open until all are chosen, so none is handed out twice. */
    static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                socket.setReuseAddress(true);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port is ours either way
                }
            }
        }
    }
}
