package io.lemonadeoutbox.stack.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lemonadeoutbox.stack.audit.Audit.AuditFailedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The audit for the pipeline page, served by the local stack on loopback: {@code GET /api/audit} answers the latest
 * result, {@code POST /api/audit} runs it now (one run at a time) and answers that. Read-only: the audit reads both
 * databases over read-only connections and changes nothing. It lives here, not in a service, because it is the one
 * thing that reads both services' databases, which neither service may do; it needs no operator, because it shows
 * what the public APIs already show (counts and sale ids). Only the page's origin may call it from a browser.
 */
public final class AuditServer implements AutoCloseable {

    public static final String PATH = "/api/audit";

    /** What the page shows: when it ran, how long it took, the report, or why it could not run. */
    public record AuditRun(String ranAt, long millis, boolean clean, AuditReport report, String text, String error) {
    }

    private final AuditSources sources;
    private final String allowedOrigin;
    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private volatile AuditRun latest;

    private AuditServer(AuditSources sources, String allowedOrigin, HttpServer server) {
        this.sources = sources;
        this.allowedOrigin = allowedOrigin;
        this.server = server;
    }

    public static AuditServer start(AuditSources sources, int port, String allowedOrigin) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            AuditServer audit = new AuditServer(sources, allowedOrigin, http);
            http.createContext(PATH, audit::handle);
            http.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "audit-server");
                thread.setDaemon(true);
                return thread;
            }));
            http.start();
            return audit;
        } catch (IOException e) {
            throw new IllegalStateException("the audit could not listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + PATH;
    }

    /** Runs the audit now and keeps the result as the latest. */
    public synchronized AuditRun runNow() {
        Instant started = Instant.now();
        try {
            AuditReport report = Audit.run(sources);
            latest = new AuditRun(started.toString(), Duration.between(started, Instant.now()).toMillis(), report.clean(),
                    report, report.describe(), null);
        } catch (AuditFailedException e) {
            latest = new AuditRun(started.toString(), Duration.between(started, Instant.now()).toMillis(), false, null, null,
                    e.getMessage());
        }
        return latest;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            if (origin != null) {
                if (!origin.equals(allowedOrigin)) {
                    answer(exchange, 403, problem(403, "Forbidden", "origin " + origin + " may not read the audit"));
                    return;
                }
                exchange.getResponseHeaders().add("Access-Control-Allow-Origin", allowedOrigin);
                exchange.getResponseHeaders().add("Vary", "Origin");
            }
            switch (exchange.getRequestMethod()) {
                case "OPTIONS" -> {
                    exchange.getResponseHeaders().add("Access-Control-Allow-Methods", "GET, POST");
                    exchange.getResponseHeaders().add("Access-Control-Max-Age", "600");
                    exchange.sendResponseHeaders(204, -1);
                }
                case "GET" -> answer(exchange, 200, latest == null ? Map.of() : latest);
                case "POST" -> {
                    AuditRun run = runNow();
                    answer(exchange, run.error() == null ? 200 : 503, run.error() == null ? run
                            : problem(503, "Service Unavailable", run.error()));
                }
                default -> {
                    exchange.getResponseHeaders().add("Allow", "GET, POST, OPTIONS");
                    answer(exchange, 405, problem(405, "Method Not Allowed",
                            exchange.getRequestMethod() + " is not supported here; GET the latest audit, POST to run it"));
                }
            }
        }
    }

    private void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        boolean problem = body instanceof Map<?, ?> map && map.containsKey("status");
        exchange.getResponseHeaders().add("Content-Type", problem ? "application/problem+json" : "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, Object> problem(int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return problem;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
