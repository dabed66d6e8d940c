package io.lemonadeoutbox.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * Documents the error answers every operation can give, as RFC 9457 problem details, so a client reading the
 * OpenAPI document knows the shape of a 4xx before it meets one: 400 for malformed input (with {@code errors}
 * naming each field), 404 where a path names a resource, 409 for a POST that conflicts with the resource's state,
 * 415 where a body is read, 422 where a domain rule can refuse the input, 401/403 on operator actions, 503 with
 * {@code Retry-After} while a dependency is unreachable, and 500 without internals. The shape is that of
 * {@link io.lemonadeoutbox.api.problem.Problems}.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class ProblemResponsesInOpenApi {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                ApiResponses responses = operation.getResponses();
                add(responses, "400", "Malformed or invalid input; `errors` names each field at fault");
                if (path.contains("{")) {
                    add(responses, "404", "Nothing exists under this path");
                }
                if (method == PathItem.HttpMethod.POST) {
                    add(responses, "409", "Conflicts with the current state of the resource; nothing changed");
                }
                if (method == PathItem.HttpMethod.POST && path.equals("/api/sales")) {
                    add(responses, "422", "Breaks a rule of the stand (cups, email, name); nothing recorded");
                }
                if (path.startsWith("/api/operations")) {
                    add(responses, "401", "Operator credentials missing or wrong (HTTP Basic)");
                    add(responses, "403", "Authenticated, but without the OPERATOR role");
                }
                if (operation.getRequestBody() != null) {
                    add(responses, "415", "The body is not application/json");
                }
                add(responses, "503", "The database is unreachable; nothing is known to be recorded. Retry the same "
                        + "request after `Retry-After` seconds (a sale with the same saleId: selling is idempotent)");
                responses.get("503").addHeaderObject(HttpHeaders.RETRY_AFTER, new Header()
                        .description("seconds to wait before retrying").schema(new IntegerSchema()));
                add(responses, "500", "The server failed; the body carries no internals");
            }));
        };
    }

    private static void add(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                    .addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
        }
    }

    private static Schema<?> problemSchema() {
        ObjectSchema fieldError = new ObjectSchema();
        fieldError.addProperty("field", new StringSchema());
        fieldError.addProperty("message", new StringSchema());
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details, the same shape in both services");
        problem.addProperty("type", new StringSchema().format("uri")
                .description("urn:lemonade-outbox:problem:<kind>, stable for clients to switch on"));
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("instance", new StringSchema().format("uri"));
        problem.addProperty("errors", new ArraySchema().items(fieldError)
                .description("each input at fault; the detail repeats them as 'field: message; ...'"));
        problem.addProperty("saleId", new StringSchema()
                .description("the sale the problem is about, where there is one (a 503 of POST /api/sales: retry with it)"));
        return problem;
    }
}
