package io.lemonadeoutbox.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

final class FreePorts {

    private FreePorts() {
    }

    /** A port nobody listens on right now (another process could still take it before we bind it). */
    static int pick() {
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
}
