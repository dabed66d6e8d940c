package io.lemonadeoutbox.lemonade.sale;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import io.lemonadeoutbox.api.OperatorSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(SaleController.class)
@Import(OperatorSecurity.class)
@TestPropertySource(properties = {"lemonade.stand.price-per-cup-cents=250", "lemonade.stand.currency=EUR"})
class SaleControllerTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

    @TestConfiguration
    @EnableConfigurationProperties(StandProperties.class)
    static class Config {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    SaleHistory history;

    private ResultActions postSale(String body) throws Exception {
        return mvc.perform(post("/api/sales").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static SaleView view(String saleId) {
        return SaleView.of(new LemonadeSold(saleId, new Customer("Ada", "ada@example.com"), 2, new Money(250, "EUR"),
                new Money(500, "EUR"), NOW, Flavour.CLASSIC));
    }

    @Test
    void aNewSaleIsCreatedAtItsOwnUrlWithThePriceOfTheStand() throws Exception {
        when(commands.sendAndWait(any())).thenReturn(SaleRecorded.appended(view("s1")));

        postSale("""
                {"saleId":"s1","customerName":"Ada","customerEmail":"ada@example.com","cups":2}""")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/sales/s1"))
                .andExpect(jsonPath("$.total.cents").value(500));

        verify(commands).sendAndWait(new SellLemonade("s1", new Customer("Ada", "ada@example.com"), 2,
                new Money(250, "EUR"), NOW, Flavour.CLASSIC));
    }

    @Test
    void aRetriedSaleAnswersOkWithTheExistingSale() throws Exception {
        when(commands.sendAndWait(any())).thenReturn(SaleRecorded.alreadyRecorded(view("s1")));

        postSale("""
                {"saleId":"s1","customerName":"Ada","customerEmail":"ada@example.com","cups":2}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.saleId").value("s1"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing name        | {\"customerEmail\":\"ada@example.com\",\"cups\":2}                         | customerName",
            "blank name          | {\"customerName\":\" \",\"customerEmail\":\"ada@example.com\",\"cups\":2}   | customerName",
            "missing email       | {\"customerName\":\"Ada\",\"cups\":2}                                       | customerEmail",
            "missing cups        | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\"}            | cups",
            "cups not a number   | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":\"two\"} | cups",
            "cups a fraction     | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":1.5} | cups",
            "sale id with slash  | {\"saleId\":\"a/b\",\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":2} | saleId",
            "name of wrong type  | {\"customerName\":{\"first\":\"Ada\"},\"customerEmail\":\"ada@example.com\",\"cups\":2} | customerName",
            "unknown flavour     | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":2,\"flavour\":\"durian\"} | flavour",
            "flavour in capitals | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":2,\"flavour\":\"MINT\"} | flavour",
    })
    void malformedInputIsA400NamingTheField(String why, String body, String field) throws Exception {
        postSale(body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[0].field").value(field));
        verify(commands, never()).sendAndWait(any());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no cups         | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":0}      | cups",
            "too many cups   | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":21}     | cups",
            "invalid email   | {\"customerName\":\"Ada\",\"customerEmail\":\"ada-at-example\",\"cups\":2}       | customerEmail",
    })
    void inputBreakingARuleOfTheStandIsA422NamingTheField(String why, String body, String field) throws Exception {
        postSale(body)
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value(field));
        verify(commands, never()).sendAndWait(any());
    }

    /** JSON escapes, so the test sends exactly these characters: each one a store downstream could not keep. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NUL in the name          | customerName  | A\\u0000B",
            "unpaired surrogate       | customerName  | A\\uD800B",
            "line feed in the name    | customerName  | Ada\\nLovelace",
            "noncharacter in the name | customerName  | Ada\\uFDD0",
            "NUL in the email         | customerEmail | ada\\u0000@example.com",
    })
    void textNoStoreCanKeepIsA400NamingTheField(String why, String field, String jsonValue) throws Exception {
        String name = field.equals("customerName") ? jsonValue : "Ada";
        String email = field.equals("customerEmail") ? jsonValue : "ada@example.com";
        postSale("{\"customerName\":\"" + name + "\",\"customerEmail\":\"" + email + "\",\"cups\":2}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value(field));
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void overlongTextIsA400NamingTheField() throws Exception {
        postSale("{\"customerName\":\"" + "x".repeat(101) + "\",\"customerEmail\":\"ada@example.com\",\"cups\":2}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("customerName"));
        postSale("{\"customerName\":\"Ada\",\"customerEmail\":\"" + "e".repeat(243) + "@example.com\",\"cups\":2}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("customerEmail"));
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void aRefundReasonNoStoreCanKeepIsA400() throws Exception {
        mvc.perform(post("/api/sales/s1/refund").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"Too\\u0000sour\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"))
                .andExpect(jsonPath("$.errors[0].message").value("must not contain NUL (U+0000) (at index 3)"));
        mvc.perform(post("/api/sales/s1/refund").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"" + "x".repeat(501) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void bodyThatIsNotJsonIsA400() throws Exception {
        postSale("{not json")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Malformed request"));
    }

    @Test
    void aConflictingOrderUnderAnExistingIdIsA409() throws Exception {
        when(commands.sendAndWait(any())).thenThrow(new SaleConflictException("sale s1 was already recorded"));

        postSale("""
                {"saleId":"s1","customerName":"Ada","customerEmail":"ada@example.com","cups":3}""")
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aRefundAnswersTheSaleAsCommittedWithItsRefund() throws Exception {
        when(commands.sendAndWait(any())).thenReturn(view("s1").refundedBy(new SaleRefunded("s1",
                new Customer("Ada", "ada@example.com"), new Money(500, "EUR"), "Too sour", NOW)));

        mvc.perform(post("/api/sales/s1/refund").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"Too sour\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.refunded").value(true))
                .andExpect(jsonPath("$.refundReason").value("Too sour"));
        verify(commands).sendAndWait(new RefundSale("s1", "Too sour", NOW));
    }

    @Test
    void refundingAnUnknownSaleIsA404() throws Exception {
        when(commands.sendAndWait(any())).thenThrow(new AggregateNotFoundException("nobody", "not found"));

        mvc.perform(post("/api/sales/nobody/refund").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"Too sour\"}"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void refundingTwiceIsA409() throws Exception {
        when(commands.sendAndWait(any())).thenThrow(new SaleConflictException("sale s1 was already refunded"));

        mvc.perform(post("/api/sales/s1/refund").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"Too sour\"}"))
                .andExpect(status().isConflict());
    }

    @Test
    void aRefundWithoutReasonIsA400() throws Exception {
        mvc.perform(post("/api/sales/s1/refund").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void anUnknownSaleIsA404() throws Exception {
        when(history.find("nobody")).thenReturn(Optional.empty());

        mvc.perform(get("/api/sales/nobody"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("no sale with id nobody"));
    }

    @Test
    void aMalformedSaleIdInThePathIsA400() throws Exception {
        mvc.perform(get("/api/sales/{id}", "x".repeat(65)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("saleId"));
    }
}
