package io.lemonadeoutbox.peer.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.api.StorableText;
import io.lemonadeoutbox.testkit.AnyText;
import java.time.Instant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * The peer's requests keep lemonade-app's text rule (api-conventions' {@link StorableText}): any text a store
 * downstream could not keep exactly is a 400 problem naming the field and sells or refunds nothing; any other text
 * within the limits is sold as given (stripped). Without the rule a NUL reached PostgreSQL (a 500) and an unpaired
 * surrogate was sold and then dead-lettered by thankyou-service. The controller runs with the real validator and
 * problem handler; only {@link Sales} (the database) is replaced, which is what "changes nothing" is checked on.
 */
class PeerRequestTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sales sales = mock(Sales.class);
    private final MockMvc mvc = mvc(sales);

    private static MockMvc mvc(Sales sales) {
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        when(sales.sell(anyString(), any(), anyInt(), any())).thenAnswer(call -> {
            Customer customer = call.getArgument(1);
            Money unit = call.getArgument(3);
            return new SaleRecorded(new SaleView(call.getArgument(0), customer.name(), customer.email(),
                    call.getArgument(2), unit, unit.times(call.getArgument(2)), Instant.EPOCH, false, null, null),
                    true);
        });
        when(sales.refund(anyString(), anyString())).thenAnswer(call -> new SaleView(call.getArgument(0), "Ada",
                "ada@example.com", 1, new Money(250, "EUR"), new Money(250, "EUR"), Instant.EPOCH, true,
                call.getArgument(1), Instant.EPOCH));
        return MockMvcBuilders.standaloneSetup(new SaleController(sales, new StandProperties(250, "EUR")))
                .setControllerAdvice(new SaleProblems())
                .setValidator(validator)
                .build();
    }

    @Property(tries = 400)
    void anyNameIsSoldAsGivenOrRefusedWithA400ThatSellsNothing(@ForAll("anyText") String name) throws Exception {
        clearInvocations(sales);
        MockHttpServletResponse response = post("/api/sales",
                "{\"customerName\":" + AnyText.json(name) + ",\"customerEmail\":\"ada@example.com\",\"cups\":2}");
        String why = AnyText.describe(name) + " -> " + response.getStatus() + " " + response.getContentAsString();

        if (StorableText.Validator.problemWith(name, false).isPresent() || name.length() > Customer.MAX_NAME_LENGTH
                || name.trim().isEmpty()) {
            assertRefused(response, "customerName", why);
            verify(sales, never()).sell(anyString(), any(), anyInt(), any());
        } else if (name.isBlank()) {
            // storable but only Unicode white space: the stand's own rule, 422 as in lemonade-app
            assertThat(response.getStatus()).as(why).isEqualTo(422);
            verify(sales, never()).sell(anyString(), any(), anyInt(), any());
        } else {
            assertThat(response.getStatus()).as(why).isEqualTo(201);
            verify(sales).sell(anyString(), eq(new Customer(name.strip(), "ada@example.com")), eq(2), any());
        }
    }

    @Property(tries = 200)
    void anyRefundReasonIsTakenAsGivenOrRefusedWithA400ThatRefundsNothing(@ForAll("anyText") String reason)
            throws Exception {
        clearInvocations(sales);
        MockHttpServletResponse response = post("/api/sales/s1/refund", "{\"reason\":" + AnyText.json(reason) + "}");
        String why = AnyText.describe(reason) + " -> " + response.getStatus() + " " + response.getContentAsString();

        if (StorableText.Validator.problemWith(reason, true).isPresent()
                || reason.length() > RefundSaleRequest.MAX_REASON_LENGTH || reason.trim().isEmpty()) {
            assertRefused(response, "reason", why);
            verify(sales, never()).refund(anyString(), anyString());
        } else {
            assertThat(response.getStatus()).as(why).isEqualTo(200);
            verify(sales).refund("s1", reason.strip());
        }
    }

    /** The two texts the fault campaign's workload sent that the peer took before: a NUL (500) and a lone surrogate. */
    @Example
    void aNulOrAnUnpairedSurrogateAnywhereIsA400() throws Exception {
        for (String body : new String[]{
                "{\"customerName\":\"A\\u0000B\",\"customerEmail\":\"ada@example.com\",\"cups\":2}",
                "{\"customerName\":\"A\\uD800B\",\"customerEmail\":\"ada@example.com\",\"cups\":2}",
                "{\"customerName\":\"Ada\",\"customerEmail\":\"ada\\u0000@example.com\",\"cups\":2}",
                "{\"customerName\":\"Ada\",\"customerEmail\":\"ada\\uDC00@example.com\",\"cups\":2}"}) {
            MockHttpServletResponse response = post("/api/sales", body);
            assertThat(response.getStatus()).as(body).isEqualTo(400);
            assertThat(response.getContentType()).as(body).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }
        verify(sales, never()).sell(anyString(), any(), anyInt(), any());
    }

    @Example
    void oddButStorableTextIsSoldExactly() throws Exception {
        String name = "Zoë O'Brien-Łukasz \uD83D\uDE00 e\u0301 \u00A0\u2028\"\\";
        MockHttpServletResponse response = post("/api/sales",
                "{\"customerName\":" + AnyText.json(name) + ",\"customerEmail\":\"zoe@example.com\",\"cups\":3}");
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        assertThat(JSON.readTree(response.getContentAsString()).get("customerName").asText()).isEqualTo(name.strip());
        verify(sales).sell(anyString(), eq(new Customer(name, "zoe@example.com")), eq(3), any());
    }

    @Provide
    Arbitrary<String> anyText() {
        return AnyText.strings(80);
    }

    private MockHttpServletResponse post(String path, String body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
    }

    private static void assertRefused(MockHttpServletResponse response, String field, String why) throws Exception {
        assertThat(response.getStatus()).as(why).isEqualTo(400);
        assertThat(response.getContentType()).as(why).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.at("/errors/0/field").asText()).as(why).isEqualTo(field);
    }
}
