package io.lemonadeoutbox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.api.problem.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The same rule for both services: the public API stays open; operator actions ({@code /api/operations/**}) and the
 * actuator's non-public endpoints need HTTP Basic with role OPERATOR. The API keeps no session and sets no cookie, so CSRF has nothing to protect.
 * A refusal is a problem detail like every other error: 401 without valid credentials, 403 with the wrong role.
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(OperatorsProperties.class)
public class OperatorSecurity {

    public static final String OPERATOR = "OPERATOR";
    private static final Logger log = LoggerFactory.getLogger(OperatorSecurity.class);

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                // the service's own CORS mappings (Spring MVC's), applied before authorization: a browser's preflight
                // carries no credentials, and a 401 or 403 must carry the CORS headers for a page to read it
                .cors(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        // a path pattern, not the MVC matcher a plain string makes: that one asks every
                        // handler mapping about every request, which the benchmark's profile showed on each sale
                        .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/api/operations/**"))
                        .hasRole(OPERATOR)
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class,
                                PrometheusScrapeEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(OPERATOR)
                        .anyRequest().permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) ->
                        refuse(response, json, HttpStatus.UNAUTHORIZED, "valid operator credentials are required")))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) ->
                                refuse(response, json, HttpStatus.UNAUTHORIZED, "valid operator credentials are required"))
                        .accessDeniedHandler((request, response, e) ->
                                refuse(response, json, HttpStatus.FORBIDDEN, "this action needs the OPERATOR role")))
                .build();
    }

    /**
     * Spring Security's firewall refuses some requests before any controller (a method such as TRACE or one it does
     * not know, a path it finds dangerous). Its default answer is a bare {@code sendError(400)}, whose error dispatch
     * the firewall refuses again, so the client got an empty 400: answer with the problem directly.
     */
    @Bean
    RequestRejectedHandler problemForRejectedRequests(ObjectMapper json) {
        return (request, response, e) -> refuse(response, json, HttpStatus.BAD_REQUEST,
                "the request was refused: its method, URL or headers are not allowed here");
    }

    @Bean
    UserDetailsService operators(OperatorsProperties properties) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<OperatorsProperties.User> users = properties.users();
        if (users.isEmpty()) {
            String password = OperatorPasswords.generate();
            log.warn("No operators configured (operations.users): generated operator 'operator' with password {}",
                    password);
            users = List.of(new OperatorsProperties.User("operator", password, List.of(OPERATOR)));
        }
        List<UserDetails> details = users.stream()
                .map(user -> User.withUsername(user.username())
                        .password(encoder.encode(user.password()))
                        .roles(user.roles().toArray(String[]::new))
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(details);
    }

    private static void refuse(HttpServletResponse response, ObjectMapper json, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = Problems.ofStatus(status, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"operations\"");
        }
        json.writeValue(response.getOutputStream(), problem);
    }
}
