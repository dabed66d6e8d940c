package io.lemonadeoutbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lemonadeoutbox.infra.FreePorts;
import io.lemonadeoutbox.infra.SharedInfrastructure;
import io.lemonadeoutbox.stack.audit.AuditServer;
import io.lemonadeoutbox.stack.audit.AuditSources;
import io.lemonadeoutbox.testkit.services.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pipeline page in a real headless Chromium against both real services: a sale sold through the page's form is
 * seen appended, published and carded, and a customer name that is HTML stays text everywhere it is shown. An
 * operator signs in on the page (a wrong password is shown as the 401 it is), sees a parked record with its reason,
 * retries it once the cause is fixed, and sees its card appear; the audit button runs the audit; the chart draws
 * what the page sampled. The last screenshot is the README's, {@code docs/pipeline-page.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelinePageIT {

    static final String HOSTILE_NAME = "<script>alert(1)</script>";

    static final String JAMMED_CUSTOMER = "Jammed Printer";

    static RunningStack stack;
    static AuditServer audit;
    static ChromeDriver browser;

    @BeforeAll
    static void start(@TempDir Path profile) {
        HeadlessChromium.assumeInstalled("PipelinePageIT");
        int auditPort = FreePorts.pick();
        stack = RunningStack.start(SharedInfrastructure.get(),
                List.of("--lemonade.console.audit-url=http://localhost:" + auditPort + AuditServer.PATH));
        audit = AuditServer.start(new AuditSources(stack.lemonadeJdbcUrl(), stack.thankyouJdbcUrl(),
                stack.infrastructure().postgres().username(), stack.infrastructure().postgres().password()),
                auditPort, stack.lemonadeApp().baseUrl());
        browser = HeadlessChromium.start(profile);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (audit != null) {
            audit.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aSaleSoldOnThePageIsSeenAppendedPublishedAndCardedWithTheCustomerNameAsText() throws IOException {
        browser.get(stack.lemonadeApp().baseUrl() + "/");
        await(Duration.ofSeconds(30)).until(b -> text("updated").startsWith("live"));

        String ordinary = sellOnThePage("Ada Lovelace", "ada@example.com", "2");
        await(Duration.ofSeconds(30)).until(b -> eventRow(ordinary) != null);

        String saleId = sellOnThePage(HOSTILE_NAME, "script@example.com", "3");
        await(Duration.ofSeconds(30)).until(b -> eventRow(saleId));
        assertThat(textOf(b -> eventRow(saleId))).contains("LemonadeSold");

        await(Duration.ofSeconds(90)).until(b -> {
            WebElement current = eventRow(saleId);
            return current != null && !current.findElements(By.cssSelector(".badge.published")).isEmpty();
        });
        await(Duration.ofSeconds(90)).until(b ->
                !b.findElements(By.cssSelector("#cards li[data-sale-id='" + saleId + "']")).isEmpty()
                        && b.findElement(By.cssSelector("#tracker li[data-step='carded']")).getAttribute("class")
                        .contains("done"));
        assertThat(browser.findElements(By.cssSelector("#tracker li.done"))).hasSize(3);

        assertThat(textOf(b -> b.findElement(By.cssSelector("#cards li[data-sale-id='" + saleId + "']"))))
                .contains("Thank you, " + HOSTILE_NAME + ", for buying 3 cups of lemonade!");
        assertThat(text("tracker-card")).isEqualTo("Thank you, " + HOSTILE_NAME + ", for buying 3 cups of lemonade!");

        await(Duration.ofSeconds(15)).until(b -> {
            eventRow(saleId).click();
            return true;
        });
        await(Duration.ofSeconds(10)).until(b -> text("detail-payload").contains(saleId));
        assertThat(text("detail-payload")).contains("\"name\": \"" + HOSTILE_NAME + "\"");
        assertThat(text("detail-published")).isEqualTo("published to Kafka");
        assertThat(text("detail-metadata")).isNotBlank();

        fill("sale-filter", saleId);
        await(Duration.ofSeconds(15)).until(b -> text("events-note").equals("1 event(s) of sale " + saleId)
                && b.findElements(By.cssSelector("#events tbody tr")).size() == 1);

        assertThatThrownBy(() -> browser.switchTo().alert()).as("no alert ever opened")
                .isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.findElements(By.cssSelector("body script")))
                .as("no element was injected from data").isEmpty();
    }

    @Test
    @Order(2)
    void anOperatorSignsInOnThePageAndRetriesADeadLetterWhoseCardThenAppears() throws Exception {
        browser.get(stack.lemonadeApp().baseUrl() + "/");
        await(Duration.ofSeconds(30)).until(b -> text("updated").startsWith("live"));
        sql("""
                create function jam_the_printer() returns trigger language plpgsql as $$
                begin
                    if new.customer_name = '%s' then
                        raise exception 'the card printer jams for %%', new.customer_name;
                    end if;
                    return new;
                end $$""".formatted(JAMMED_CUSTOMER));
        sql("create trigger jam_the_printer before insert on card for each row execute function jam_the_printer()");
        Thread traffic = sellInTheBackground(40);

        String jammed = sellOnThePage(JAMMED_CUSTOMER, "jammed@example.com", "4");

        fill("operator-user", "operator");
        fill("operator-password", "not-the-password");
        browser.findElement(By.id("signin-button")).click();
        await(Duration.ofSeconds(15)).until(b -> text("signin-status").startsWith("401 Unauthorized"));
        assertThat(browser.findElement(By.id("signin-form")).isDisplayed()).as("still signed out").isTrue();

        fill("operator-password", stack.operator().password());
        browser.findElement(By.id("signin-button")).click();
        await(Duration.ofSeconds(15)).until(b -> text("signin-status").equals("signed in as operator"));
        await(Duration.ofSeconds(120)).until(b -> deadLetter(jammed));
        // the list is redrawn as the page refreshes: read the row's texts in one go, again if it was replaced
        List<String> parked = await(Duration.ofSeconds(15)).until(b -> {
            WebElement row = deadLetter(jammed);
            return row == null ? null : List.of(row.findElement(By.cssSelector(".reason")).getText(),
                    row.findElement(By.cssSelector(".record")).getText());
        });
        assertThat(parked.get(0)).contains("the card printer jams for " + JAMMED_CUSTOMER);
        assertThat(parked.get(1)).contains(jammed).contains(JAMMED_CUSTOMER);
        assertThat(browser.findElements(By.cssSelector("#cards li[data-sale-id='" + jammed + "']"))).isEmpty();

        traffic.join(Duration.ofSeconds(60).toMillis()); // the retried card must be the newest on the page
        sql("drop trigger jam_the_printer on card");
        // the list is redrawn as the page refreshes, so under load the button found may be gone by the click: find again
        await(Duration.ofSeconds(15)).until(b -> {
            deadLetter(jammed).findElement(By.cssSelector("button.retry")).click();
            return true;
        });

        await(Duration.ofSeconds(60)).until(b ->
                !b.findElements(By.cssSelector("#cards li[data-sale-id='" + jammed + "']")).isEmpty());
        await(Duration.ofSeconds(15)).until(b -> deadLetter(jammed).getAttribute("class").contains("resolved"));
        await(Duration.ofSeconds(15)).until(b -> deadLetter(jammed).getText().contains("retried by operator"));
        assertThat(text("signin-status")).contains("retried");

        browser.findElement(By.id("audit-run")).click();
        await(Duration.ofSeconds(90)).until(b -> {
            if (text("audit-verdict").equals("NOT CLEAN") && b.findElement(By.id("audit-run")).isEnabled()) {
                b.findElement(By.id("audit-run")).click(); // lag shows up as missing cards: run it again
            }
            return text("audit-verdict").equals("CLEAN");
        });
        assertThat(text("audit-counts")).contains("missing cards").contains("duplicate cards");
        assertThat(browser.findElements(By.cssSelector("#chart svg polyline"))).as("the chart drew its lines")
                .hasSizeGreaterThanOrEqualTo(3);

        assertThat(browser.manage().getCookies()).as("no cookie").isEmpty();
        assertThat(browser.executeScript("return window.localStorage.length + window.sessionStorage.length"))
                .as("the password is kept nowhere but in the tab's memory").isEqualTo(0L);

        screenshot();
    }

    private static WebElement deadLetter(String saleId) {
        List<WebElement> items = browser.findElements(By.cssSelector("#dead-letters li[data-key='" + saleId + "']"));
        return items.isEmpty() ? null : items.get(0);
    }

    /** Sales from another client while the operator works, so the chart has something to draw. */
    private static Thread sellInTheBackground(int sales) {
        Shop shop = stack.shop();
        Thread traffic = new Thread(() -> {
            for (int i = 0; i < sales; i++) {
                shop.sell("page-traffic-" + UUID.randomUUID());
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "page-traffic");
        traffic.setDaemon(true);
        traffic.start();
        return traffic;
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.thankyouJdbcUrl(),
                stack.infrastructure().postgres().username(), stack.infrastructure().postgres().password());
             Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    /** Submits the form and returns the sale id the page then tracks. */
    private static String sellOnThePage(String name, String email, String cups) {
        String before = text("tracker-sale");
        fill("customer-name", name);
        fill("customer-email", email);
        fill("cups", cups);
        browser.findElement(By.id("sell-button")).click();
        return await(Duration.ofSeconds(30)).until(b -> {
            String shown = text("tracker-sale");
            return shown.isBlank() || shown.equals(before) ? null : shown;
        });
    }

    private static WebDriverWait await(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(250));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static WebElement eventRow(String saleId) {
        List<WebElement> rows = browser.findElements(
                By.cssSelector("#events tbody tr[data-sale-id='" + saleId + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The page redraws its lists and fields as it refreshes: an element replaced under the read is found again. */
    private static String text(String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return browser.findElement(By.id(id)).getText();
            } catch (StaleElementReferenceException redrawn) {
                if (attempt == 5) {
                    throw redrawn;
                }
            }
        }
    }

    /** The text of a row the page may redraw: found again until one read lands (outside a wait only). */
    private static String textOf(Function<WebDriver, WebElement> find) {
        return await(Duration.ofSeconds(15)).until(b -> {
            WebElement element = find.apply(b);
            return element == null ? null : element.getText();
        });
    }

    private static void fill(String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    /** The README shows this screenshot: {@code docs/pipeline-page.png}, refreshed by every run of this test. */
    private static void screenshot() throws IOException {
        Path target = ProjectLayout.detect().root().resolve("docs").resolve("pipeline-page.png");
        Files.createDirectories(target.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("Screenshot of the pipeline page: " + target.toAbsolutePath());
    }
}
