package io.lemonadeoutbox.testkit.services;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Stands in for a Spring Boot service in {@link ServiceProcessTest}: answers /actuator/health on the last --server.port,
 * prints a line from its shutdown hook (which runs on SIGTERM, not on SIGKILL), or dies at start with --die-at-start.
 */
public final class FakeService {

    public static void main(String[] args) throws IOException {
        List<String> arguments = List.of(args);
        if (arguments.contains("--die-at-start")) {
            System.out.println("connecting to the database");
            System.err.println("cannot start: the database said no");
            System.exit(3);
        }
        int port = arguments.stream().filter(arg -> arg.startsWith("--server.port="))
                .map(arg -> Integer.parseInt(arg.substring("--server.port=".length())))
                .reduce((first, last) -> last).orElseThrow();
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("shutdown hook ran");
            server.stop(0);
        }));
        server.start();
        System.out.println("listening on " + port + " with " + arguments);
    }
}
