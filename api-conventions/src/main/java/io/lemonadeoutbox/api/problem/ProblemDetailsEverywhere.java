package io.lemonadeoutbox.api.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * Every HTTP error of both services is a problem detail: Spring MVC's through each service's
 * {@link ProblemDetailsHandler}, the container's error page through {@link ProblemErrorController} (registered
 * before Boot's own), what Tomcat answers by itself through {@link ProblemErrorReportValve}, and a bare error status
 * through {@link ProblemForEmptyErrors}.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ProblemErrorController.class)
public class ProblemDetailsEverywhere {

    @Bean
    FilterRegistrationBean<ProblemForEmptyErrors> problemForEmptyErrors(ObjectMapper json) {
        FilterRegistrationBean<ProblemForEmptyErrors> registration = new FilterRegistrationBean<>(
                new ProblemForEmptyErrors(json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE); // outside Spring Security's filters
        return registration;
    }

    @Bean
    FilterRegistrationBean<ProblemForMalformedUrls> problemForMalformedUrls(ObjectMapper json) {
        FilterRegistrationBean<ProblemForMalformedUrls> registration = new FilterRegistrationBean<>(
                new ProblemForMalformedUrls(json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // inside ProblemForEmptyErrors, before all else
        return registration;
    }

    @Bean
    @ConditionalOnClass(Tomcat.class)
    ProblemValveOnTomcat problemErrorReportValve() {
        return new ProblemValveOnTomcat();
    }

    /** Runs after Boot's TomcatWebServerFactoryCustomizer, whose plain ErrorReportValve it replaces. */
    static class ProblemValveOnTomcat implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                StandardHost host = (StandardHost) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve.getClass() == ErrorReportValve.class) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
