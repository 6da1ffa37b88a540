package io.neuroquantum.realtime.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neuroquantum.realtime.RealtimeGatewayApplication;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The dashboard page in headless Chromium: log in with a key, subscribe, and see a message
 * published over REST. Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}
 * (Debian's chromium and chromium-driver; .ci/run installs them).
 */
@SpringBootTest(classes = RealtimeGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserTest extends GatewayTestSupport {

    private WebDriver driver;
    private Path profile;

    @BeforeEach
    void browser() throws Exception {
        profile = Files.createTempDirectory("nq-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .withEnvironment(Map.of("SE_AVOID_STATS", "true", "SE_OFFLINE", "true"))
                .build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void pageLogsInSubscribesAndShowsAPublishedMessage() throws Exception {
        String admin = adminKey();
        driver.get("http://127.0.0.1:" + port + "/");
        driver.findElement(By.id("key")).sendKeys(admin);
        driver.findElement(By.id("connect")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElement(By.id("status")).getText().startsWith("connected"));

        var channel = driver.findElement(By.id("channel"));
        channel.clear();
        channel.sendKeys("browser.*");
        driver.findElement(By.id("subscribe")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElement(By.id("subscriptions")).getText().contains("browser.*"));

        assertThat(post("/api/v1/channels/browser.demo/messages", admin, "{\"hello\":\"from REST\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElement(By.id("messages")).getText()
                .contains("browser.demo #1") && driver.findElement(By.id("messages")).getText().contains("{\"hello\":\"from REST\"}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElement(By.id("metrics")).getText().contains("connections"));
    }
}
