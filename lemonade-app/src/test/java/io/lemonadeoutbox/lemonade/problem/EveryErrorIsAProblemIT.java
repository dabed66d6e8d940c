package io.lemonadeoutbox.lemonade.problem;

import io.lemonadeoutbox.api.problem.EveryHttpErrorIsAProblem;
import io.lemonadeoutbox.lemonade.PipelineTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** lemonade-app answers every HTTP error, Tomcat's own included, as a problem detail (issue 13). */
class EveryErrorIsAProblemIT extends PipelineTest implements EveryHttpErrorIsAProblem {

    @LocalServerPort
    int port;

    @Override
    public int port() {
        return port;
    }

    @Override
    public String resourcePrefix() {
        return "/api/sales/";
    }

    @Override
    public String jsonPostPath() {
        return "/api/sales";
    }
}
