package io.lemonadeoutbox.thankyou.card;

import io.lemonadeoutbox.api.problem.EveryHttpErrorIsAProblem;
import io.lemonadeoutbox.thankyou.RealServersTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** thankyou-service answers every HTTP error, Tomcat's own included, as a problem detail (issue 13). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EveryErrorIsAProblemIT extends RealServersTest implements EveryHttpErrorIsAProblem {

    @LocalServerPort
    int port;

    @Override
    public int port() {
        return port;
    }

    @Override
    public String resourcePrefix() {
        return "/api/cards/";
    }

    @Override
    public String jsonPostPath() {
        return null; // its only POSTs are operator actions
    }
}
