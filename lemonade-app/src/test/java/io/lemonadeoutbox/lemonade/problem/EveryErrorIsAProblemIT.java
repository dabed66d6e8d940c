package io.lemonadeoutbox.lemonade.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.api.problem.EveryHttpErrorIsAProblem;
import io.lemonadeoutbox.api.problem.RawHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.lemonadeoutbox.lemonade.PipelineTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** lemonade-app answers every HTTP error, Tomcat's own included, as a problem detail (issue 13). */
class EveryErrorIsAProblemIT extends PipelineTest implements EveryHttpErrorIsAProblem {

    @LocalServerPort
    int port;

    /** Found by the random requests (seed 3568529338030): the pipeline page at / refused XML with an empty 406. */
    @Test
    void optionsOnThePipelinePageAskingForXmlIsAProblem() throws Exception {
        RawHttp.Answer answer = RawHttp.request(port, "OPTIONS", "/?size=x", Map.of("Accept", "application/xml"), null);
        assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("urn:lemonade-outbox:problem:");
    }

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
