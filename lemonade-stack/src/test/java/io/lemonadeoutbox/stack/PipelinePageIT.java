package io.lemonadeoutbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lemonadeoutbox.infra.SharedInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pipeline page in a real headless Chromium against both real services: a sale sold through the page's form is
 * seen appended, published and carded, and a customer name that is HTML stays text everywhere it is shown.
 */
class PipelinePageIT {

    static final String HOSTILE_NAME = "<script>alert(1)</script>";

    static RunningStack stack;
    static ChromeDriver browser;

    @BeforeAll
    static void start(@TempDir Path profile) {
        HeadlessChromium.assumeInstalled("PipelinePageIT");
        stack = RunningStack.start(SharedInfrastructure.get());
        browser = HeadlessChromium.start(profile);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aSaleSoldOnThePageIsSeenAppendedPublishedAndCardedWithTheCustomerNameAsText() throws IOException {
        browser.get(stack.lemonadeApp().baseUrl() + "/");
        await(Duration.ofSeconds(30)).until(b -> text("updated").startsWith("live"));

        String ordinary = sellOnThePage("Ada Lovelace", "ada@example.com", "2");
        await(Duration.ofSeconds(30)).until(b -> eventRow(ordinary) != null);

        String saleId = sellOnThePage(HOSTILE_NAME, "script@example.com", "3");
        WebElement row = await(Duration.ofSeconds(30)).until(b -> eventRow(saleId));
        assertThat(row.getText()).contains("LemonadeSold");

        await(Duration.ofSeconds(90)).until(b -> {
            WebElement current = eventRow(saleId);
            return current != null && !current.findElements(By.cssSelector(".badge.published")).isEmpty();
        });
        await(Duration.ofSeconds(90)).until(b ->
                !b.findElements(By.cssSelector("#cards li[data-sale-id='" + saleId + "']")).isEmpty()
                        && b.findElement(By.cssSelector("#tracker li[data-step='carded']")).getAttribute("class")
                        .contains("done"));
        assertThat(browser.findElements(By.cssSelector("#tracker li.done"))).hasSize(3);

        WebElement card = browser.findElement(By.cssSelector("#cards li[data-sale-id='" + saleId + "']"));
        assertThat(card.getText()).contains("Thank you, " + HOSTILE_NAME + ", for buying 3 cups of lemonade!");
        assertThat(text("tracker-card")).isEqualTo("Thank you, " + HOSTILE_NAME + ", for buying 3 cups of lemonade!");

        eventRow(saleId).click();
        await(Duration.ofSeconds(10)).until(b -> text("detail-payload").contains(saleId));
        assertThat(text("detail-payload")).contains("\"name\": \"" + HOSTILE_NAME + "\"");
        assertThat(text("detail-published")).isEqualTo("published to Kafka");
        assertThat(text("detail-metadata")).isNotBlank();

        screenshot();

        fill("sale-filter", saleId);
        await(Duration.ofSeconds(15)).until(b -> text("events-note").equals("1 event(s) of sale " + saleId)
                && b.findElements(By.cssSelector("#events tbody tr")).size() == 1);

        assertThatThrownBy(() -> browser.switchTo().alert()).as("no alert ever opened")
                .isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.findElements(By.cssSelector("body script")))
                .as("no element was injected from data").isEmpty();
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

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void fill(String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private static void screenshot() throws IOException {
        Path target = Path.of("target", "pipeline-page.png");
        Files.createDirectories(target.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("Screenshot of the pipeline page: " + target.toAbsolutePath());
    }
}
